/**
 * The sandbox page: its script and style sheet are served beside it (app.js, style.css).
 */
export const PAGE_HTML = String.raw`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>recovery-triage sandbox</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="style.css" />
    <script src="app.js" defer></script>
  </head>
  <body data-busy="true">
    <header class="topbar">
      <div class="brand"><strong>recovery-triage</strong> sandbox</div>
      <div class="repo" id="repo-name" data-testid="repo"></div>
      <div class="clock">Sandbox time <time id="now" data-testid="now"></time></div>
      <form class="time" id="time-form">
        <label>Let <input type="number" id="days" data-testid="days" min="1" max="365" value="1" /> <span id="days-unit">day</span> pass</label>
        <button
          type="submit"
          class="btn btn-header"
          data-testid="pass-days"
          title="Moves the clock on a day at a time and runs the daily sweep each day"
        >
          Run the daily sweeps
        </button>
      </form>
      <button type="button" class="btn btn-header" id="reset" data-testid="reset">Reset</button>
    </header>
    <div class="notice">
      An in-memory GitHub on this machine: nothing here reaches GitHub. The bot is the real app (the same handlers and rules as in
      production); the people are you.
    </div>
    <div class="layout">
      <nav class="sidenav" aria-label="Sandbox">
        <a href="#/" data-nav="list">Requests</a>
        <a href="#/new" data-nav="new">New request</a>
        <a href="#/settings" data-nav="settings">Form &amp; config</a>
        <a href="#/log" data-nav="log">Bot log</a>
      </nav>
      <main id="main"></main>
    </div>
    <div id="toast" class="toast" role="status" aria-live="polite"></div>
  </body>
</html>
`;
