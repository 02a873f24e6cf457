/**
 * The sandbox: the real app triaging requests against the project's in-memory GitHub stand-in,
 * driven from a page in the browser (docs/sandbox.md).
 *
 *     const running = await startSandbox({ port: 3000 }); // npm run sandbox: http://127.0.0.1:3000/sandbox/
 *     options.addHandler(sandboxHandler());               // inside Probot: the same page at /sandbox
 */
export {
  sandboxHandler,
  startSandbox,
  type RunningSandbox,
  type SandboxHandler,
  type SandboxHandlerOptions,
  type StartOptions,
} from './server.js';
export {
  Sandbox,
  SandboxError,
  SANDBOX_USERS,
  STARTER_CONFIG,
  type SandboxOptions,
  type SandboxState,
  type SandboxUser,
  type LogLine,
} from './session.js';
export {
  hasAppCredentials,
  isLoopback,
  listenHost,
  loopbackHostHeader,
  sameOriginWrite,
  sandboxDecision,
  type SandboxDecision,
} from './safety.js';
export { renderMarkdown, sanitizeHtml } from './markdown.js';
export {
  readForm,
  readConfig,
  renderSubmittedBody,
  missingRequired,
  type Answers,
  type FormView,
  type FormElementView,
  type LocatedError,
} from './form.js';
