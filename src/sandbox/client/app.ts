// The sandbox page's script: plain DOM code in browser TypeScript, type-checked with the DOM
// library (tsconfig.json beside it) and compiled by `npm run build` to lib/sandbox/client/app.js;
// nothing is loaded from elsewhere. Every HTML string it inserts was rendered and sanitized by
// the server (issue bodies, comments, form markdown); everything else is set as text. The data
// of the JSON API is typed loosely (`any`): its shapes live in src/sandbox/session.ts and views.ts.
/** A child for h() and append(): nodes, text, and lists of them; null, undefined and false are skipped. */
type Child = Node | string | number | null | undefined | false | Child[];
/** Attributes for h(): `text`, `html` (server-sanitized only), `class`, `on<event>` handlers, the rest as attributes. */
type Attrs = Record<string, unknown>;

/** An element of the page that is always there (the HTML of src/sandbox/assets/page.ts). */
function byId(id: string): HTMLElement {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`The page has no #${id}`);
  return el;
}

(function () {
  'use strict';

  // The sandbox's state as GET api/state returns it (SandboxState in src/sandbox/session.ts).
  var state: any = null;
  var actingAs = 'requester';
  var editing = false;
  var pending = 0;

  // ---------------------------------------------------------------------------------------------
  // Helpers

  function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
    var el = document.createElement(tag);
    var key;
    attrs = attrs || {};
    for (key in attrs) {
      if (!Object.prototype.hasOwnProperty.call(attrs, key)) continue;
      var value = attrs[key];
      if (value === null || value === undefined || value === false) continue;
      if (key === 'text') el.textContent = String(value);
      else if (key === 'html') el.innerHTML = String(value);
      else if (key === 'class') el.className = String(value);
      else if (key.indexOf('on') === 0) el.addEventListener(key.slice(2), value as EventListener);
      else if (value === true) el.setAttribute(key, '');
      else el.setAttribute(key, String(value));
    }
    append(el, ...children);
    return el;
  }

  /** Appends children (nodes, strings, arrays of them; null and false are skipped). */
  function append<T extends Node>(el: T, ...children: Child[]): T {
    for (var i = 0; i < children.length; i++) {
      var child = children[i];
      if (child === null || child === undefined || child === false) continue;
      if (Array.isArray(child)) {
        child.forEach(function (c) {
          append(el, c);
        });
        continue;
      }
      el.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    }
    return el;
  }

  function plural(n, word) {
    return n + ' ' + word + (n === 1 ? '' : 's');
  }

  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
    return el;
  }

  function when(iso) {
    if (!iso) return '';
    return iso.replace('T', ' ').replace(/:\d\dZ$/, ' UTC');
  }

  function day(iso) {
    var d = new Date(iso);
    var months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    return months[d.getUTCMonth()] + ' ' + d.getUTCDate() + ', ' + d.getUTCFullYear();
  }

  function setBusy(delta) {
    pending += delta;
    document.body.setAttribute('data-busy', pending > 0 ? 'true' : 'false');
  }

  function api(method: string, path: string, body?: unknown): Promise<any> {
    var options: { method: string; headers: Record<string, string>; body?: string } = { method: method, headers: {} };
    if (body !== undefined) {
      options.headers['content-type'] = 'application/json';
      options.body = JSON.stringify(body);
    }
    return fetch('api/' + path, options).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) {
          throw Object.assign(new Error(data.error || 'HTTP ' + response.status), {
            details: data.details || [],
            data: data,
            status: response.status,
          });
        }
        return data;
      });
    });
  }

  var toastTimer: ReturnType<typeof setTimeout> | null = null;
  function toast(message, details, kind) {
    var box = byId('toast');
    clear(box);
    box.className = 'toast toast-' + (kind || 'info');
    append(box, h('div', { class: 'toast-title', text: message }));
    if (details && details.length > 0) {
      append(
        box,
        h(
          'ul',
          {},
          details.map(function (d) {
            return h('li', { text: typeof d === 'string' ? d : d.message });
          }),
        ),
      );
    }
    append(
      box,
      h('button', {
        class: 'toast-close',
        type: 'button',
        text: '×',
        'aria-label': 'Dismiss',
        onclick: function () {
          box.className = 'toast';
        },
      }),
    );
    if (toastTimer) clearTimeout(toastTimer);
    toastTimer = setTimeout(
      function () {
        box.className = 'toast';
      },
      kind === 'error' ? 15000 : 8000,
    );
  }

  /** Runs an action against the API, then redraws; errors are shown, never thrown. */
  function act(promise: Promise<any>, after?: (result: any) => void) {
    setBusy(1);
    return promise
      .then(function (result) {
        if (after) after(result);
        return refresh();
      })
      .catch(function (error) {
        toast(error.message, error.details, 'error');
      })
      .then(function () {
        setBusy(-1);
      });
  }

  function labelChip(label, extra?: Child) {
    var chip = h('span', { class: 'label', title: label.description || label.name, 'data-label': label.name }, label.name, extra || null);
    chip.style.backgroundColor = '#' + label.color;
    chip.style.color = label.textColor;
    return chip;
  }

  function avatar(login, bot) {
    var letter = login
      .replace(/\[bot\]$/, '')
      .charAt(0)
      .toUpperCase();
    var hue = 0;
    for (var i = 0; i < login.length; i++) hue = (hue * 31 + login.charCodeAt(i)) % 360;
    var el = h('span', { class: 'avatar' + (bot ? ' avatar-bot' : ''), 'aria-hidden': 'true', text: letter });
    if (!bot) el.style.backgroundColor = 'hsl(' + hue + ', 45%, 55%)';
    return el;
  }

  /** A "who am I" select; every one on the page follows the last change. */
  function userSelect(testid: string, label?: string) {
    var select = h('select', {
      'data-testid': testid,
      'aria-label': label || null,
      'data-user-select': 'true',
      onchange: function () {
        actingAs = select.value;
        Array.prototype.forEach.call(document.querySelectorAll('select[data-user-select]'), function (other) {
          other.value = actingAs;
        });
        Array.prototype.forEach.call(document.querySelectorAll('.role-note'), function (note) {
          note.textContent = roleNote();
        });
      },
    });
    state.users.forEach(function (user) {
      var option = h('option', { value: user.login, text: user.login + ' (' + user.role + ')' });
      if (user.login === actingAs) option.selected = true;
      select.appendChild(option);
    });
    return select;
  }

  // ---------------------------------------------------------------------------------------------
  // Routing

  function currentRoute() {
    var hash = location.hash.replace(/^#/, '') || '/';
    var issue = /^\/issues\/(\d+)$/.exec(hash);
    if (issue) return { view: 'issue', number: Number(issue[1]) };
    if (hash === '/new') return { view: 'new' };
    if (hash === '/settings') return { view: 'settings' };
    if (hash === '/log') return { view: 'log' };
    return { view: 'list' };
  }

  function refresh() {
    return api('GET', 'state').then(function (data) {
      state = data;
      drawHeader();
      return draw();
    });
  }

  function draw() {
    var route = currentRoute();
    var main = byId('main');
    Array.prototype.forEach.call(document.querySelectorAll('[data-nav]'), function (a) {
      a.classList.toggle('selected', a.getAttribute('data-nav') === route.view);
    });
    if (route.view === 'issue') return drawIssue(main, route.number);
    clear(main);
    if (route.view === 'new') drawNew(main);
    else if (route.view === 'settings') drawSettings(main);
    else if (route.view === 'log') return drawLog(main);
    else drawList(main);
    return Promise.resolve();
  }

  function drawHeader() {
    byId('repo-name').textContent = state.repo;
    var now = byId('now');
    now.textContent = when(state.now);
    now.setAttribute('datetime', state.now);
  }

  // ---------------------------------------------------------------------------------------------
  // The list of requests

  function stateIcon(issue) {
    if (issue.state === 'open') return h('span', { class: 'state-icon open', title: 'Open', text: '◉' });
    if (issue.stateReason === 'not_planned')
      return h('span', { class: 'state-icon not-planned', title: 'Closed as not planned', text: '⊘' });
    return h('span', { class: 'state-icon closed', title: 'Closed', text: '✔' });
  }

  function drawList(main) {
    var open = state.issues.filter(function (i) {
      return i.state === 'open';
    }).length;
    append(
      main,
      h(
        'div',
        { class: 'list-header' },
        h('h2', { text: 'Requests' }),
        h('a', { class: 'btn btn-primary', href: '#/new', 'data-testid': 'new-request', text: 'New request' }),
      ),
    );
    var box = h(
      'div',
      { class: 'box', 'data-testid': 'issue-list' },
      h('div', { class: 'box-header', text: open + ' open · ' + (state.issues.length - open) + ' closed' }),
    );
    if (state.issues.length === 0) {
      append(
        box,
        h(
          'div',
          { class: 'blankslate' },
          h('p', { text: 'No requests yet.' }),
          h('p', {}, 'Open one with the ', h('a', { href: '#/new', text: 'repository’s issue form' }), ', as a requester would.'),
        ),
      );
    }
    state.issues.forEach(function (issue) {
      append(
        box,
        h(
          'div',
          {
            class: 'issue-row',
            'data-testid': 'issue-row',
            'data-number': issue.number,
            'data-state': issue.state,
            'data-request': issue.request || '',
          },
          stateIcon(issue),
          h(
            'div',
            { class: 'issue-row-main' },
            h('a', { class: 'issue-row-title', href: '#/issues/' + issue.number, text: issue.title }),
            ' ',
            issue.labels.map(function (l) {
              return labelChip(l);
            }),
            h('div', {
              class: 'muted',
              text:
                '#' +
                issue.number +
                ' opened by ' +
                issue.author +
                ' · request: ' +
                (issue.request || 'none') +
                ' · updated ' +
                when(issue.updatedAt),
            }),
          ),
          h('div', { class: 'issue-row-comments muted', text: plural(issue.comments, 'comment') }),
        ),
      );
    });
    append(main, box);
    drawActivity(main, state.activity, 'Sandbox history');
  }

  function drawActivity(parent, entries, title) {
    if (!entries || entries.length === 0) return;
    var list = h('ol', { class: 'activity', 'data-testid': 'activity' });
    entries
      .slice()
      .reverse()
      .forEach(function (entry) {
        var bot = entry.bot;
        var did = bot.did.length > 0 ? 'bot: ' + bot.did.join(', ') : 'bot: no writes';
        append(
          list,
          h(
            'li',
            {},
            h('span', { class: 'muted', text: when(entry.at) + ' ' }),
            h('strong', { text: entry.actor }),
            ' ' + entry.what + (entry.issue ? ' (#' + entry.issue + ')' : ''),
            h('div', { class: 'activity-bot muted', text: did + ' · ' + bot.reads + ' reads, ' + bot.writes + ' writes' }),
            entry.notes.length > 0
              ? h(
                  'ul',
                  { class: 'activity-notes' },
                  entry.notes.map(function (n) {
                    return h('li', { text: n });
                  }),
                )
              : null,
          ),
        );
      });
    append(parent, h('section', { class: 'activity-box' }, h('h3', { text: title }), list));
  }

  // ---------------------------------------------------------------------------------------------
  // The issue form

  function fieldLabel(element, forId) {
    var required =
      element.required ||
      (element.options || []).some(function (o) {
        return o.required;
      });
    return h('label', { class: 'field-label', for: forId }, element.label, required ? h('span', { class: 'required', text: ' *' }) : null);
  }

  function description(element) {
    return element.descriptionHtml ? h('div', { class: 'field-description markdown-body', html: element.descriptionHtml }) : null;
  }

  function drawNew(main) {
    if (!state.form) {
      append(
        main,
        h(
          'div',
          { class: 'flash flash-error' },
          'The repository’s issue form is invalid, so GitHub would not offer it. Fix it under ',
          h('a', { href: '#/settings', text: 'Form & config' }),
          '.',
        ),
      );
      return;
    }
    var form = state.form;
    var el = h('form', { class: 'issue-form box', 'data-testid': 'issue-form', novalidate: false });
    append(
      el,
      h(
        'div',
        { class: 'form-intro' },
        h('h2', { text: form.name }),
        h('p', { class: 'muted', text: form.description }),
        form.labels.length > 0 ? h('p', { class: 'muted' }, 'Labels the form adds: ', form.labels.join(', ')) : null,
      ),
    );
    var titleInput = h('input', {
      type: 'text',
      id: 'f-title',
      name: 'title',
      required: true,
      value: form.title,
      'data-testid': 'field-title',
    });
    append(
      el,
      h(
        'div',
        { class: 'field' },
        h('label', { class: 'field-label', for: 'f-title' }, 'Add a title', h('span', { class: 'required', text: ' *' })),
        titleInput,
      ),
    );

    form.elements.forEach(function (element) {
      if (element.kind === 'markdown') {
        append(el, h('div', { class: 'markdown-body form-markdown', html: element.html }));
        return;
      }
      var id = 'f-' + element.key;
      var field = h('div', { class: 'field', 'data-key': element.key, 'data-kind': element.kind });
      if (element.kind === 'input') {
        append(field, fieldLabel(element, id), description(element));
        append(
          field,
          h('input', {
            type: 'text',
            id: id,
            name: element.key,
            placeholder: element.placeholder,
            value: element.value,
            required: element.required,
            'data-testid': 'field-' + element.key,
          }),
        );
      } else if (element.kind === 'textarea' || element.kind === 'upload' || element.kind === 'unknown') {
        if (element.kind === 'unknown' && !element.label) {
          append(
            field,
            h('p', {
              class: 'muted',
              text:
                'An element of type "' +
                element.type +
                '" without a label: the bot does not know this type and GitHub writes no section for it here.',
            }),
          );
          append(el, field);
          return;
        }
        append(field, fieldLabel(element, id), description(element));
        var note: string | null = null;
        if (element.kind === 'textarea' && element.render) note = 'GitHub puts this answer in a ' + element.render + ' code block.';
        if (element.kind === 'upload') note = 'The sandbox uploads nothing: give links of files, one a line, as GitHub would insert them.';
        if (element.kind === 'unknown') note = 'Type "' + element.type + '" is one the bot does not know: it skips this section.';
        if (note) append(field, h('p', { class: 'field-note muted', text: note }));
        append(
          field,
          h('textarea', {
            id: id,
            name: element.key,
            rows: element.kind === 'textarea' ? 5 : 3,
            placeholder: element.placeholder || '',
            required: element.required,
            'data-testid': 'field-' + element.key,
            text: element.value || '',
          }),
        );
      } else if (element.kind === 'dropdown') {
        append(field, fieldLabel(element, id), description(element));
        var select = h('select', {
          id: id,
          name: element.key,
          multiple: element.multiple,
          required: element.required,
          'data-testid': 'field-' + element.key,
        });
        if (!element.multiple) append(select, h('option', { value: '', text: 'Selections: None' }));
        element.options.forEach(function (option, index) {
          var o = h('option', { value: option, text: option });
          if (element.default === index) o.selected = true;
          select.appendChild(o);
        });
        if (element.multiple) select.size = Math.min(6, element.options.length);
        append(field, select);
        if (element.multiple)
          append(field, h('p', { class: 'field-note muted', text: 'Several options may be chosen (Ctrl or ⌘ click).' }));
      } else if (element.kind === 'checkboxes') {
        var fieldset = h(
          'fieldset',
          { 'data-testid': 'field-' + element.key },
          h('legend', { class: 'field-label' }, element.label),
          description(element),
        );
        element.options.forEach(function (option, index) {
          var boxId = id + '-' + index;
          append(
            fieldset,
            h(
              'div',
              { class: 'checkbox' },
              h('input', {
                type: 'checkbox',
                id: boxId,
                name: element.key,
                value: option.label,
                required: option.required,
                'data-option': option.label,
              }),
              h('label', { for: boxId }, option.label, option.required ? h('span', { class: 'required', text: ' *' }) : null),
            ),
          );
        });
        append(field, fieldset);
      }
      append(el, field);
    });

    var skip = h('input', { type: 'checkbox', id: 'f-skip', 'data-testid': 'skip-required' });
    // The preview shows the body as GitHub would render it, and its Markdown; the form keeps every answer.
    var previewRendered = h('div', { class: 'markdown-body', 'data-testid': 'body-preview-rendered' });
    var previewSource = h('pre', { class: 'preview', 'data-testid': 'body-preview' });
    var previewMissing = h('p', { class: 'flash flash-warn', 'data-testid': 'body-preview-missing', hidden: true });
    var preview = h(
      'section',
      {
        class: 'box preview-box',
        'aria-label': 'Preview of the issue body',
        'data-testid': 'body-preview-box',
        hidden: true,
        tabindex: '-1',
      },
      h('h3', { text: 'Preview: the issue body as submitted' }),
      previewMissing,
      previewRendered,
      h('details', {}, h('summary', { text: 'Markdown of the body' }), previewSource),
    );
    append(
      el,
      h(
        'div',
        { class: 'form-actions' },
        h('label', { class: 'as-label' }, 'Submit as ', userSelect('submit-as')),
        h(
          'div',
          { class: 'checkbox' },
          skip,
          h('label', { for: 'f-skip', text: 'Skip GitHub’s required-field checks (as an issue opened through the API)' }),
        ),
        h(
          'div',
          { class: 'buttons' },
          h('button', {
            type: 'button',
            class: 'btn',
            'data-testid': 'preview-body',
            text: 'Preview the body',
            onclick: function () {
              // Not act(): that redraws the page, which would empty the form.
              setBusy(1);
              api('POST', 'preview', { answers: collect(el, form) })
                .then(function (result) {
                  preview.hidden = false;
                  previewRendered.innerHTML = result.html;
                  previewSource.textContent = result.body;
                  previewMissing.hidden = result.missing.length === 0;
                  previewMissing.textContent =
                    result.missing.length === 0
                      ? ''
                      : 'GitHub would refuse it: required answers missing: ' + result.missing.join('; ').replace(/\.$/, '') + '.';
                  preview.focus();
                })
                .catch(function (error) {
                  toast(error.message, error.details, 'error');
                })
                .then(function () {
                  setBusy(-1);
                });
            },
          }),
          h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'submit-issue', text: 'Submit new issue' }),
        ),
      ),
      preview,
    );
    skip.addEventListener('change', function () {
      el.noValidate = skip.checked;
    });
    el.addEventListener('submit', function (event) {
      event.preventDefault();
      if (!skip.checked && !el.reportValidity()) return;
      var body = { as: actingAs, title: titleInput.value, answers: collect(el, form), skipRequired: skip.checked };
      act(api('POST', 'issues', body), function (result) {
        location.hash = '#/issues/' + result.number;
      });
    });
    append(main, el);
  }

  function collect(el, form) {
    var answers = {};
    form.elements.forEach(function (element) {
      if (element.kind === 'markdown') return;
      var key = element.key;
      if (element.kind === 'checkboxes') {
        answers[key] = Array.prototype.filter
          .call(el.querySelectorAll('input[type=checkbox][name="' + key + '"]'), function (box) {
            return box.checked;
          })
          .map(function (box) {
            return box.value;
          });
        return;
      }
      var input = el.querySelector('[name="' + key + '"]');
      if (!input) return;
      if (element.kind === 'dropdown') {
        answers[key] = Array.prototype.filter
          .call(input.options, function (o) {
            return o.selected && o.value !== '';
          })
          .map(function (o) {
            return o.value;
          });
        return;
      }
      answers[key] = input.value;
    });
    return answers;
  }

  // ---------------------------------------------------------------------------------------------
  // An issue, as GitHub shows it

  function stateBadge(issue) {
    var text = issue.state === 'open' ? 'Open' : issue.stateReason === 'not_planned' ? 'Closed as not planned' : 'Closed';
    var cls = issue.state === 'open' ? 'open' : issue.stateReason === 'not_planned' ? 'not-planned' : 'closed';
    return h('span', {
      class: 'state-badge ' + cls,
      'data-testid': 'issue-state',
      'data-state': issue.state,
      'data-reason': issue.stateReason || '',
      text: text,
    });
  }

  function drawIssue(main, number) {
    return api('GET', 'issues/' + number)
      .then(function (issue) {
        clear(main);
        renderIssue(main, issue);
      })
      .catch(function (error) {
        clear(main);
        append(main, h('div', { class: 'flash flash-error', text: error.message }));
      });
  }

  function commentBox(item, bodyHtml, extraHeader, testid) {
    var header = h(
      'div',
      { class: 'comment-header' },
      h('strong', { class: 'author', text: item.author }),
      item.bot ? h('span', { class: 'bot-badge', text: 'bot' }) : null,
      h('span', { class: 'muted', text: ' commented on ' + when(item.createdAt) }),
      item.edited ? h('span', { class: 'muted edited', text: ' · edited' }) : null,
      item.status ? h('span', { class: 'status-badge', text: 'status comment' }) : null,
      extraHeader || null,
    );
    var body = h('div', { class: 'comment-body markdown-body', html: bodyHtml });
    var reactions: HTMLElement | null = null;
    if (item.reactions && item.reactions.length > 0) {
      reactions = h(
        'div',
        { class: 'reactions' },
        item.reactions.map(function (r) {
          return h('span', {
            class: 'reaction',
            'data-content': r.content,
            title: r.users.join(', ') + ' reacted with ' + r.content,
            text: r.emoji + ' ' + r.count,
          });
        }),
      );
    }
    return h(
      'div',
      // The anchor GitHub gives a comment: the bot's texts link comments as #issuecomment-<id>.
      { class: 'timeline-item', id: item.id ? 'issuecomment-' + item.id : null, tabindex: item.id ? '-1' : null },
      avatar(item.author, item.bot),
      h(
        'div',
        {
          class: 'timeline-comment' + (item.bot ? ' bot' : ''),
          'data-testid': testid,
          'data-author': item.author,
          'data-status': item.status ? 'true' : 'false',
          'data-comment-id': item.id || '',
        },
        header,
        body,
        reactions,
      ),
    );
  }

  function eventLine(item) {
    var what: Child[] = [];
    var icon = '•';
    if (item.event === 'labeled' || item.event === 'unlabeled') {
      icon = '◆';
      what = [item.event === 'labeled' ? ' added ' : ' removed ', item.label ? labelChip(item.label) : null];
    } else if (item.event === 'closed') {
      icon = item.stateReason === 'not_planned' ? '⊘' : '✔';
      what = [item.stateReason === 'not_planned' ? ' closed this as not planned' : ' closed this as completed'];
    } else if (item.event === 'reopened') {
      icon = '↻';
      what = [' reopened this'];
    } else if (item.event === 'assigned' || item.event === 'unassigned') {
      icon = '●';
      what = [item.event === 'assigned' ? ' assigned ' : ' unassigned ', item.assignee || ''];
    } else {
      what = [' ' + item.event];
    }
    return h(
      'div',
      { class: 'timeline-event', 'data-testid': 'event', 'data-event': item.event },
      h('span', { class: 'event-icon', text: icon }),
      h('strong', { text: item.actor }),
      what,
      h('span', { class: 'muted', text: ' ' + when(item.createdAt) }),
    );
  }

  function renderIssue(main, issue) {
    append(
      main,
      h(
        'div',
        { class: 'issue-header' },
        h(
          'h1',
          {},
          h('span', { 'data-testid': 'issue-title', text: issue.title }),
          ' ',
          h('span', { class: 'muted', text: '#' + issue.number }),
        ),
        h(
          'div',
          { class: 'issue-meta' },
          stateBadge(issue),
          h('span', {
            class: 'muted',
            text: ' ' + issue.author + ' opened this issue on ' + day(issue.createdAt) + ' · ' + plural(issue.comments, 'comment'),
          }),
          h('span', {
            class: 'request-pill',
            'data-testid': 'request-state',
            'data-request': issue.request || '',
            text: 'request: ' + (issue.request || 'none'),
          }),
        ),
      ),
    );
    var layout = h('div', { class: 'issue-layout' });
    var discussion = h('div', { class: 'discussion' });
    var sidebar = h('aside', { class: 'sidebar' });
    append(layout, discussion, sidebar);
    append(main, layout);

    // The body, as the first comment, with GitHub's edit.
    var editButton = h('button', {
      type: 'button',
      class: 'btn btn-sm',
      'data-testid': 'edit-body',
      text: 'Edit',
      onclick: function () {
        editing = true;
        drawBody();
      },
    });
    var bodySlot = h('div', {});
    append(discussion, bodySlot);
    function drawBody() {
      clear(bodySlot);
      if (!editing) {
        append(
          bodySlot,
          commentBox(
            { author: issue.author, bot: false, createdAt: issue.createdAt, edited: false, status: false, id: 0, reactions: [] },
            issue.bodyHtml,
            editButton,
            'issue-body',
          ),
        );
        return;
      }
      var text = h('textarea', {
        class: 'editor',
        rows: 16,
        'data-testid': 'edit-body-text',
        'aria-label': 'Issue body',
        spellcheck: 'false',
        text: issue.body,
      });
      append(
        bodySlot,
        h(
          'div',
          { class: 'timeline-item' },
          avatar(actingAs, false),
          h(
            'div',
            { class: 'timeline-comment editing' },
            h(
              'div',
              { class: 'comment-header' },
              h('strong', { text: 'Edit the issue body' }),
              h('span', { class: 'muted', text: ' (saved as whoever is acting)' }),
            ),
            text,
            h(
              'div',
              { class: 'buttons' },
              h('button', {
                type: 'button',
                class: 'btn',
                text: 'Cancel',
                onclick: function () {
                  editing = false;
                  drawBody();
                },
              }),
              h('button', {
                type: 'button',
                class: 'btn btn-primary',
                'data-testid': 'edit-body-save',
                text: 'Update comment',
                onclick: function () {
                  editing = false;
                  act(api('POST', 'issues/' + issue.number + '/edit', { as: actingAs, body: text.value }));
                },
              }),
            ),
          ),
        ),
      );
    }
    drawBody();

    issue.timeline.forEach(function (item) {
      append(discussion, item.kind === 'comment' ? commentBox(item, item.html, null, 'comment') : eventLine(item));
    });

    // The composer: comment, close, reopen.
    var textarea = h('textarea', {
      class: 'editor',
      rows: 5,
      'data-testid': 'comment-body',
      'aria-label': 'Comment',
      placeholder: 'Leave a comment (maintainers: /recovery commands)',
    });
    var commands = h(
      'select',
      {
        'data-testid': 'command-picker',
        'aria-label': 'Insert a command',
        onchange: function () {
          if (commands.value) {
            textarea.value = (textarea.value ? textarea.value + '\n' : '') + commands.value.replace(/ <.*$/, ' ');
            textarea.focus();
          }
          commands.value = '';
        },
      },
      h('option', { value: '', text: 'Insert a command…' }),
      state.commands.map(function (c) {
        return h('option', { value: c.usage, title: c.summary, text: c.usage + ' — ' + c.summary });
      }),
    );
    var closeButtons =
      issue.state === 'open'
        ? [
            h('button', {
              type: 'button',
              class: 'btn',
              'data-testid': 'close-completed',
              text: 'Close as completed',
              onclick: function () {
                act(api('POST', 'issues/' + issue.number + '/state', { as: actingAs, state: 'closed', reason: 'completed' }));
              },
            }),
            h('button', {
              type: 'button',
              class: 'btn',
              'data-testid': 'close-not-planned',
              text: 'Close as not planned',
              onclick: function () {
                act(api('POST', 'issues/' + issue.number + '/state', { as: actingAs, state: 'closed', reason: 'not_planned' }));
              },
            }),
          ]
        : [
            h('button', {
              type: 'button',
              class: 'btn',
              'data-testid': 'reopen',
              text: 'Reopen issue',
              onclick: function () {
                act(api('POST', 'issues/' + issue.number + '/state', { as: actingAs, state: 'open' }));
              },
            }),
          ];
    append(
      discussion,
      h(
        'div',
        { class: 'timeline-item composer' },
        avatar(actingAs, false),
        h(
          'form',
          {
            class: 'timeline-comment',
            'data-testid': 'composer',
            onsubmit: function (event) {
              event.preventDefault();
              var body = textarea.value;
              if (body.trim() === '') return;
              act(api('POST', 'issues/' + issue.number + '/comments', { as: actingAs, body: body }));
            },
          },
          h(
            'div',
            { class: 'comment-header' },
            h('strong', { text: 'Add a comment' }),
            h('span', { class: 'muted', text: ' as ' }),
            userSelect('comment-as', 'Comment as'),
            ' ',
            commands,
          ),
          textarea,
          h(
            'div',
            { class: 'buttons' },
            closeButtons,
            h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'comment-submit', text: 'Comment' }),
          ),
        ),
      ),
    );

    // The sidebar: who you are, labels, assignees, what happened.
    append(
      sidebar,
      h(
        'div',
        { class: 'sidebar-item' },
        h('h4', { text: 'Acting as' }),
        userSelect('acting-as', 'Acting as'),
        h('p', { class: 'muted small role-note', text: roleNote() }),
      ),
    );
    var labels = h(
      'div',
      { class: 'labels', 'data-testid': 'issue-labels' },
      issue.labels.map(function (label) {
        return labelChip(
          label,
          h('button', {
            type: 'button',
            class: 'label-remove',
            title: 'Remove as ' + actingAs,
            'aria-label': 'Remove ' + label.name,
            'data-testid': 'remove-label',
            text: '×',
            onclick: function () {
              act(api('POST', 'issues/' + issue.number + '/labels', { as: actingAs, remove: label.name }));
            },
          }),
        );
      }),
    );
    if (issue.labels.length === 0) append(labels, h('span', { class: 'muted', text: 'None yet' }));
    var labelInput = h('input', {
      type: 'text',
      list: 'repo-labels',
      placeholder: 'Label name',
      'aria-label': 'Label to add',
      'data-testid': 'add-label-name',
    });
    var datalist = h(
      'datalist',
      { id: 'repo-labels' },
      state.labels.map(function (l) {
        return h('option', { value: l.name });
      }),
    );
    var addLabel = h(
      'form',
      {
        class: 'add-label',
        onsubmit: function (event) {
          event.preventDefault();
          if (labelInput.value.trim() === '') return;
          act(api('POST', 'issues/' + issue.number + '/labels', { as: actingAs, add: labelInput.value }));
        },
      },
      labelInput,
      datalist,
      h('button', { type: 'submit', class: 'btn btn-sm', 'data-testid': 'add-label', text: 'Add' }),
    );
    append(sidebar, h('div', { class: 'sidebar-item' }, h('h4', { text: 'Labels' }), labels, addLabel));
    append(
      sidebar,
      h(
        'div',
        { class: 'sidebar-item' },
        h('h4', { text: 'Assignees' }),
        h('div', { 'data-testid': 'assignees', text: issue.assignees.length > 0 ? issue.assignees.join(', ') : 'No one assigned' }),
      ),
    );
    var history = h('div', { class: 'sidebar-item' });
    append(sidebar, history);
    drawActivity(history, issue.activity, 'What happened');
  }

  function roleNote() {
    var user = state.users.filter(function (u) {
      return u.login === actingAs;
    })[0];
    return user ? user.note : '';
  }

  // ---------------------------------------------------------------------------------------------
  // Form and config

  function drawSettings(main) {
    append(main, h('h2', { text: 'Form & config' }));
    append(
      main,
      h(
        'p',
        { class: 'muted' },
        'Both files live in the sandbox repository. Saving pushes them as a maintainer would, so the bot reads them at its next run. ' +
          'They are checked with the bot’s own validation first; errors name the line and column.',
      ),
    );
    append(main, fileEditor('config', 'Config', state.files.config));
    append(main, fileEditor('form', 'Issue form', state.files.form));
  }

  function fileEditor(kind, title, file) {
    var errors = h('ul', { class: 'errors', 'data-testid': kind + '-errors' });
    var editor = h('textarea', {
      class: 'editor code',
      rows: kind === 'form' ? 24 : 14,
      spellcheck: 'false',
      'data-testid': kind + '-text',
      'aria-label': title + ' (' + file.path + ')',
      text: file.text,
    });
    var forceButton = h('button', {
      type: 'button',
      class: 'btn btn-danger',
      hidden: true,
      'data-testid': kind + '-save-anyway',
      text: 'Save anyway (watch the bot report it)',
    });
    function showErrors(list) {
      clear(errors);
      list.forEach(function (error) {
        append(
          errors,
          h('li', {
            text: error.message,
            class: error.line ? 'located' : '',
            onclick: function () {
              if (error.line) selectLine(editor, error.line);
            },
          }),
        );
      });
      forceButton.hidden = list.length === 0;
    }
    function save(options) {
      var body = { kind: kind, text: editor.value, dryRun: options.dryRun === true, force: options.force === true };
      setBusy(1);
      return api('POST', 'files', body)
        .then(function (result) {
          showErrors(result.errors);
          if (result.saved) {
            toast(
              (kind === 'config' ? 'Config' : 'Form') + ' saved to ' + result.path + (result.errors.length > 0 ? ' with errors' : ''),
              [],
              'ok',
            );
            return refresh();
          }
          if (options.dryRun)
            toast(
              result.errors.length === 0 ? 'No errors: the bot accepts it.' : result.errors.length + ' errors',
              [],
              result.errors.length === 0 ? 'ok' : 'error',
            );
        })
        .catch(function (error) {
          if (error.status === 422 && error.data && error.data.errors) {
            showErrors(error.data.errors);
            toast('Not saved: the bot would refuse this ' + (kind === 'config' ? 'config' : 'form'), [], 'error');
          } else toast(error.message, error.details, 'error');
        })
        .then(function () {
          setBusy(-1);
        });
    }
    forceButton.addEventListener('click', function () {
      save({ force: true });
    });
    var section = h(
      'section',
      { class: 'box file-editor', 'data-testid': kind + '-editor' },
      h(
        'div',
        { class: 'box-header' },
        h('strong', { text: title }),
        h('code', { text: ' ' + file.path }),
        file.bundled ? h('span', { class: 'muted', text: ' (no file: the bot uses its bundled form)' }) : null,
      ),
      editor,
      errors,
      h(
        'div',
        { class: 'buttons' },
        h('button', {
          type: 'button',
          class: 'btn',
          'data-testid': kind + '-check',
          text: 'Check',
          onclick: function () {
            save({ dryRun: true });
          },
        }),
        forceButton,
        h('button', {
          type: 'button',
          class: 'btn btn-primary',
          'data-testid': kind + '-save',
          text: 'Save to the repository',
          onclick: function () {
            save({});
          },
        }),
      ),
    );
    showErrors(file.errors);
    return section;
  }

  function selectLine(textarea, line) {
    var lines = textarea.value.split('\n');
    var start = 0;
    for (var i = 0; i < line - 1 && i < lines.length; i++) start += lines[i].length + 1;
    var end = start + (lines[line - 1] || '').length;
    textarea.focus();
    textarea.setSelectionRange(start, end);
    var lineHeight = textarea.scrollHeight / Math.max(1, lines.length);
    textarea.scrollTop = Math.max(0, (line - 3) * lineHeight);
  }

  // ---------------------------------------------------------------------------------------------
  // The bot's log

  function drawLog(main) {
    return api('GET', 'log').then(function (data) {
      clear(main);
      append(
        main,
        h('h2', { text: 'Bot log' }),
        h('p', { class: 'muted', text: 'What the app logged (through its redacting logger), newest last.' }),
      );
      var table = h(
        'table',
        { class: 'log', 'data-testid': 'log' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col', text: 'Sandbox time' }),
            h('th', { scope: 'col', text: 'Level' }),
            h('th', { scope: 'col', text: 'Request' }),
            h('th', { scope: 'col', text: 'Message' }),
          ),
        ),
      );
      var rows = h('tbody');
      data.lines.forEach(function (line) {
        append(
          rows,
          h(
            'tr',
            { class: 'log-' + line.level },
            h('td', { class: 'muted', text: line.at.replace('T', ' ').slice(0, 19) }),
            h('td', { text: line.level }),
            h('td', {}, line.issue ? h('a', { href: '#/issues/' + line.issue, text: '#' + line.issue }) : ''),
            h('td', { text: line.msg }),
          ),
        );
      });
      append(table, rows);
      append(main, table);
      drawActivity(main, state.activity, 'Sandbox history');
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Start

  // Links to a comment of the page (#issuecomment-<id>) scroll to it; the address keeps the route.
  document.addEventListener('click', function (event) {
    var link = event.target instanceof Element ? event.target.closest('a[href^="#issuecomment-"]') : null;
    if (link === null) return;
    event.preventDefault();
    var target = document.getElementById((link.getAttribute('href') || '').slice(1));
    if (target === null) return;
    target.scrollIntoView({ block: 'start' });
    target.focus({ preventScroll: true });
  });
  // "Let 1 day pass", "Let 2 days pass".
  byId('days').addEventListener('input', function () {
    byId('days-unit').textContent = Number((byId('days') as HTMLInputElement).value) === 1 ? 'day' : 'days';
  });
  byId('time-form').addEventListener('submit', function (event) {
    event.preventDefault();
    var days = Number((byId('days') as HTMLInputElement).value);
    act(api('POST', 'time', { days: days }), function (result) {
      var lines: string[] = [];
      result.sweeps.forEach(function (s) {
        s.lines.forEach(function (l) {
          lines.push(when(s.at).slice(0, 10) + ': ' + l);
        });
      });
      toast(
        plural(days, 'day') + ' passed; now ' + when(result.now),
        lines.length > 0 ? lines : ['The daily sweeps had nothing to do.'],
        'ok',
      );
    });
  });
  byId('reset').addEventListener('click', function () {
    if (!window.confirm('Start again with an empty repository?')) return;
    act(api('POST', 'reset', {}), function () {
      location.hash = '#/';
    });
  });
  window.addEventListener('hashchange', function () {
    editing = false;
    setBusy(1);
    draw().then(function () {
      setBusy(-1);
    });
  });
  setBusy(1);
  refresh()
    .catch(function (error) {
      toast('The sandbox did not answer: ' + error.message, [], 'error');
    })
    .then(function () {
      setBusy(-1);
    });
})();
