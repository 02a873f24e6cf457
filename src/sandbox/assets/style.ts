/**
 * The sandbox page's style sheet, after GitHub's look.
 */
export const STYLE_CSS = String.raw`:root {
  --fg: #1f2328;
  --muted: #59636e;
  --border: #d1d9e0;
  --canvas: #ffffff;
  --subtle: #f6f8fa;
  --accent: #0969da;
  --green: #1f883d;
  --purple: #8250df;
  --grey: #59636e;
  --red: #d1242f;
  --header: #25292e;
}
* {
  box-sizing: border-box;
}
body {
  margin: 0;
  color: var(--fg);
  background: var(--canvas);
  font:
    14px/1.5 -apple-system,
    BlinkMacSystemFont,
    'Segoe UI',
    'Noto Sans',
    Helvetica,
    Arial,
    sans-serif;
}
a {
  color: var(--accent);
  text-decoration: none;
}
a:hover {
  text-decoration: underline;
}
code,
pre,
.code {
  font-family: ui-monospace, SFMono-Regular, 'SF Mono', Menlo, Consolas, 'Liberation Mono', monospace;
  font-size: 12px;
}
.muted {
  color: var(--muted);
}
.small {
  font-size: 12px;
}
[hidden] {
  display: none !important;
}

/* Header */
.topbar {
  display: flex;
  align-items: center;
  gap: 16px;
  flex-wrap: wrap;
  padding: 12px 24px;
  background: var(--header);
  color: #fff;
}
.brand {
  font-size: 16px;
}
.brand-mark {
  margin-right: 4px;
}
.repo {
  font-weight: 600;
  padding: 2px 8px;
  border: 1px solid #57606a;
  border-radius: 6px;
}
.clock {
  margin-left: auto;
  color: #d1d9e0;
}
.clock time {
  color: #fff;
  font-weight: 600;
}
.time label {
  color: #d1d9e0;
}
.time input {
  width: 56px;
  padding: 3px 6px;
  border-radius: 6px;
  border: 1px solid #57606a;
  background: #1f2328;
  color: #fff;
}
.notice {
  padding: 8px 24px;
  background: #ddf4ff;
  border-bottom: 1px solid #b6e3ff;
  font-size: 13px;
}
.layout {
  display: flex;
  gap: 24px;
  padding: 24px;
  max-width: 1280px;
  margin: 0 auto;
}
.sidenav {
  flex: 0 0 160px;
  display: flex;
  flex-direction: column;
  gap: 2px;
}
.sidenav a {
  padding: 6px 10px;
  border-radius: 6px;
  color: var(--fg);
}
.sidenav a.selected {
  background: #eef1f4;
  font-weight: 600;
  box-shadow: inset 2px 0 0 #fd8c73;
}
main {
  flex: 1;
  min-width: 0;
}
h1 {
  font-size: 26px;
  font-weight: 400;
  margin: 0 0 8px;
}
h2 {
  font-size: 20px;
  margin: 0 0 12px;
}
h3 {
  font-size: 14px;
  margin: 0 0 8px;
}
h4 {
  font-size: 12px;
  color: var(--muted);
  margin: 0 0 6px;
}

/* Buttons and boxes */
.btn {
  display: inline-block;
  padding: 5px 16px;
  font: inherit;
  font-weight: 500;
  line-height: 20px;
  color: var(--fg);
  background: var(--subtle);
  border: 1px solid var(--border);
  border-radius: 6px;
  cursor: pointer;
}
.btn:hover {
  background: #eef1f4;
  text-decoration: none;
}
.btn-primary {
  color: #fff;
  background: var(--green);
  border-color: rgba(31, 35, 40, 0.15);
}
.btn-primary:hover {
  background: #1c8139;
}
.btn-danger {
  color: var(--red);
}
.btn-sm {
  padding: 2px 10px;
  font-size: 12px;
}
.btn-header {
  color: #fff;
  background: transparent;
  border-color: #57606a;
}
.btn-header:hover {
  background: #32383f;
}
body[data-busy='true'] .btn,
body[data-busy='true'] button {
  cursor: progress;
}
.buttons {
  display: flex;
  gap: 8px;
  justify-content: flex-end;
  flex-wrap: wrap;
  margin-top: 8px;
}
.box {
  border: 1px solid var(--border);
  border-radius: 6px;
  background: var(--canvas);
  margin-bottom: 16px;
}
.box-header {
  padding: 12px 16px;
  background: var(--subtle);
  border-bottom: 1px solid var(--border);
  border-radius: 6px 6px 0 0;
}
.blankslate {
  padding: 32px;
  text-align: center;
}
.flash {
  padding: 16px;
  border-radius: 6px;
  border: 1px solid;
}
.flash-error {
  background: #ffebe9;
  border-color: #ffcecb;
}
.list-header {
  display: flex;
  justify-content: space-between;
  align-items: center;
}

/* Labels */
.label {
  display: inline-flex;
  align-items: center;
  gap: 2px;
  padding: 0 7px;
  font-size: 12px;
  font-weight: 500;
  line-height: 18px;
  border-radius: 2em;
  border: 1px solid rgba(31, 35, 40, 0.15);
  margin: 0 2px 2px 0;
  white-space: nowrap;
}
.label-remove {
  border: 0;
  background: transparent;
  color: inherit;
  cursor: pointer;
  padding: 0 0 0 4px;
  font-size: 13px;
  line-height: 1;
}
.labels {
  margin-bottom: 8px;
}
.add-label {
  display: flex;
  gap: 4px;
}
.add-label input {
  flex: 1;
  min-width: 0;
}

/* Issue list */
.issue-row {
  display: flex;
  gap: 10px;
  align-items: flex-start;
  padding: 10px 16px;
  border-bottom: 1px solid var(--border);
}
.issue-row:last-child {
  border-bottom: 0;
}
.issue-row-main {
  flex: 1;
}
.issue-row-title {
  color: var(--fg);
  font-weight: 600;
  font-size: 16px;
  margin-right: 4px;
}
.state-icon {
  font-size: 16px;
  line-height: 24px;
}
.state-icon.open {
  color: var(--green);
}
.state-icon.closed {
  color: var(--purple);
}
.state-icon.not-planned {
  color: var(--grey);
}

/* Issue page */
.issue-header {
  border-bottom: 1px solid var(--border);
  padding-bottom: 12px;
  margin-bottom: 16px;
}
.issue-meta {
  display: flex;
  align-items: center;
  gap: 8px;
  flex-wrap: wrap;
}
.state-badge {
  display: inline-block;
  padding: 4px 12px;
  border-radius: 2em;
  color: #fff;
  font-weight: 500;
}
.state-badge.open {
  background: var(--green);
}
.state-badge.closed {
  background: var(--purple);
}
.state-badge.not-planned {
  background: var(--grey);
}
.request-pill {
  margin-left: auto;
  padding: 2px 10px;
  border-radius: 2em;
  border: 1px solid var(--border);
  background: var(--subtle);
  font-size: 12px;
}
.issue-layout {
  display: flex;
  gap: 24px;
}
.discussion {
  flex: 1;
  min-width: 0;
}
.sidebar {
  flex: 0 0 256px;
}
.sidebar-item {
  padding-bottom: 16px;
  margin-bottom: 16px;
  border-bottom: 1px solid var(--border);
}
.timeline-item {
  display: flex;
  gap: 12px;
  margin-bottom: 16px;
}
.avatar {
  flex: 0 0 40px;
  height: 40px;
  border-radius: 50%;
  display: inline-flex;
  align-items: center;
  justify-content: center;
  color: #fff;
  font-weight: 600;
  font-size: 18px;
}
.avatar-bot {
  border-radius: 8px;
  background: #0969da;
}
.timeline-comment {
  flex: 1;
  min-width: 0;
  border: 1px solid var(--border);
  border-radius: 6px;
  background: var(--canvas);
}
.timeline-comment > .comment-header {
  padding: 8px 16px;
  background: var(--subtle);
  border-bottom: 1px solid var(--border);
  border-radius: 6px 6px 0 0;
  display: flex;
  align-items: center;
  gap: 4px;
  flex-wrap: wrap;
}
.timeline-comment.bot > .comment-header {
  background: #ddf4ff;
  border-bottom-color: #b6e3ff;
}
.comment-header select {
  max-width: 280px;
  padding: 2px 8px;
}
.timeline-comment .comment-header .btn {
  margin-left: auto;
}
.bot-badge,
.status-badge {
  padding: 0 6px;
  font-size: 12px;
  border: 1px solid var(--border);
  border-radius: 2em;
  color: var(--muted);
  background: var(--canvas);
}
.comment-body {
  padding: 12px 16px;
}
.timeline-comment.editing,
form.timeline-comment {
  padding-bottom: 8px;
}
.timeline-comment .editor,
.timeline-comment .buttons {
  margin: 8px 16px 0;
}
.timeline-comment .editor {
  width: calc(100% - 32px);
}
.reactions {
  padding: 0 16px 12px;
  display: flex;
  gap: 6px;
}
.reaction {
  padding: 0 8px;
  border: 1px solid var(--border);
  border-radius: 2em;
  font-size: 12px;
  line-height: 24px;
  background: var(--subtle);
}
.timeline-event {
  margin: 0 0 16px 52px;
  padding: 4px 0;
  color: var(--fg);
}
.event-icon {
  display: inline-block;
  width: 24px;
  text-align: center;
  margin-right: 6px;
  background: #eef1f4;
  border-radius: 50%;
}
.composer {
  margin-top: 24px;
  padding-top: 16px;
  border-top: 2px solid var(--border);
}

/* Forms */
input[type='text'],
input[type='number'],
select,
textarea {
  font: inherit;
  color: var(--fg);
  padding: 5px 12px;
  border: 1px solid var(--border);
  border-radius: 6px;
  background: var(--canvas);
}
.editor {
  width: 100%;
  display: block;
  font-family: ui-monospace, SFMono-Regular, 'SF Mono', Menlo, Consolas, 'Liberation Mono', monospace;
  font-size: 12px;
}
.issue-form {
  padding: 16px 24px;
  max-width: 860px;
}
.field {
  margin: 20px 0;
}
.field-label {
  display: block;
  font-weight: 600;
  margin-bottom: 4px;
}
.field input[type='text'],
.field textarea,
.field select {
  width: 100%;
}
.field-description,
.field-note {
  color: var(--muted);
  font-size: 13px;
}
.field-description p {
  margin: 0 0 4px;
}
.required {
  color: var(--red);
}
fieldset {
  border: 0;
  padding: 0;
  margin: 0;
}
.checkbox {
  display: flex;
  gap: 8px;
  align-items: flex-start;
  margin: 4px 0;
}
.checkbox input {
  margin-top: 4px;
}
.form-markdown {
  padding: 12px 16px;
  background: var(--subtle);
  border-radius: 6px;
}
.form-actions {
  border-top: 1px solid var(--border);
  padding-top: 16px;
  display: flex;
  flex-direction: column;
  gap: 8px;
}
.preview {
  white-space: pre-wrap;
  padding: 12px;
  background: var(--subtle);
  border-radius: 6px;
}
.file-editor .editor {
  border: 0;
  border-radius: 0;
  border-bottom: 1px solid var(--border);
  padding: 12px 16px;
}
.file-editor .buttons {
  padding: 0 16px 12px;
}
.errors {
  margin: 0;
  padding: 8px 16px 8px 36px;
  color: var(--red);
}
.errors:empty {
  display: none;
}
.errors li.located {
  cursor: pointer;
  text-decoration: underline dotted;
}

/* Activity and log */
.activity-box h3 {
  margin-top: 8px;
}
.activity {
  list-style: none;
  padding: 0;
  margin: 0;
  font-size: 12px;
}
.activity > li {
  padding: 6px 0;
  border-bottom: 1px solid #eef1f4;
}
.activity-notes {
  margin: 2px 0 0;
  padding-left: 16px;
}
table.log {
  border-collapse: collapse;
  width: 100%;
  font-size: 12px;
}
table.log td {
  padding: 3px 8px;
  border-bottom: 1px solid #eef1f4;
  vertical-align: top;
}
tr.log-warn td {
  background: #fff8c5;
}
tr.log-error td,
tr.log-fatal td {
  background: #ffebe9;
}

/* Toast */
.toast {
  display: none;
}
.toast-info,
.toast-ok,
.toast-error {
  display: block;
  position: fixed;
  right: 24px;
  bottom: 24px;
  max-width: 480px;
  padding: 12px 36px 12px 16px;
  border-radius: 6px;
  border: 1px solid var(--border);
  background: var(--canvas);
  box-shadow: 0 8px 24px rgba(140, 149, 159, 0.2);
  z-index: 10;
}
.toast-ok {
  border-left: 4px solid var(--green);
}
.toast-error {
  border-left: 4px solid var(--red);
}
.toast-title {
  font-weight: 600;
}
.toast ul {
  margin: 4px 0 0;
  padding-left: 18px;
}
.toast-close {
  position: absolute;
  top: 6px;
  right: 8px;
  border: 0;
  background: transparent;
  font-size: 18px;
  cursor: pointer;
}

/* Rendered markdown, as GitHub draws it */
.markdown-body > :first-child {
  margin-top: 0;
}
.markdown-body > :last-child {
  margin-bottom: 0;
}
.markdown-body p,
.markdown-body ul,
.markdown-body ol,
.markdown-body table,
.markdown-body pre,
.markdown-body blockquote,
.markdown-body details {
  margin: 0 0 12px;
}
.markdown-body h1,
.markdown-body h2,
.markdown-body h3 {
  margin: 16px 0 8px;
  font-weight: 600;
}
.markdown-body h1 {
  font-size: 2em;
  border-bottom: 1px solid var(--border);
}
.markdown-body h2 {
  font-size: 1.5em;
  border-bottom: 1px solid var(--border);
}
.markdown-body h3 {
  font-size: 1.25em;
}
.markdown-body ul,
.markdown-body ol {
  padding-left: 2em;
}
.markdown-body li:has(> input[type='checkbox']) {
  list-style: none;
  margin-left: -1.4em;
}
.markdown-body code {
  padding: 0.2em 0.4em;
  background: rgba(129, 139, 152, 0.12);
  border-radius: 6px;
}
.markdown-body pre {
  padding: 16px;
  background: var(--subtle);
  border-radius: 6px;
  overflow: auto;
}
.markdown-body pre code {
  padding: 0;
  background: transparent;
}
.markdown-body blockquote {
  padding: 0 1em;
  color: var(--muted);
  border-left: 0.25em solid var(--border);
}
.markdown-body table {
  border-collapse: collapse;
  display: block;
  overflow: auto;
}
.markdown-body th,
.markdown-body td {
  padding: 6px 13px;
  border: 1px solid var(--border);
}
.markdown-body tr:nth-child(2n) {
  background: var(--subtle);
}
.markdown-body summary {
  cursor: pointer;
}
.markdown-body .mention {
  font-weight: 600;
  color: var(--fg);
}
.markdown-body .md-image {
  border: 1px dashed var(--border);
  border-radius: 4px;
  padding: 0 4px;
}
.markdown-alert {
  padding: 8px 16px;
  margin: 0 0 12px;
  border-left: 0.25em solid;
}
.markdown-alert > :last-child {
  margin-bottom: 0;
}
.markdown-alert-title {
  font-weight: 600;
  margin-bottom: 4px;
}
.markdown-alert-note {
  border-color: #0969da;
}
.markdown-alert-note .markdown-alert-title {
  color: #0969da;
}
.markdown-alert-tip {
  border-color: #1a7f37;
}
.markdown-alert-tip .markdown-alert-title {
  color: #1a7f37;
}
.markdown-alert-important {
  border-color: #8250df;
}
.markdown-alert-important .markdown-alert-title {
  color: #8250df;
}
.markdown-alert-warning {
  border-color: #9a6700;
}
.markdown-alert-warning .markdown-alert-title {
  color: #9a6700;
}
.markdown-alert-caution {
  border-color: #d1242f;
}
.markdown-alert-caution .markdown-alert-title {
  color: #d1242f;
}
@media (max-width: 900px) {
  .layout,
  .issue-layout {
    flex-direction: column;
  }
  .sidenav {
    flex-direction: row;
    flex-basis: auto;
  }
  .sidebar {
    flex-basis: auto;
  }
}
`;
