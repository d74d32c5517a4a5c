/**
 * The endpoint portal's page: static markup, filled by portal.js once the link's token is
 * exchanged. Nothing in it depends on the request, so it is one constant.
 */
export const PORTAL_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>Webhooks · Castellan</title>
<link rel="stylesheet" href="portal/portal.css">
<script src="portal/portal.js" defer></script>
</head>
<body>
<header><h1>Webhooks</h1><span id="app-id"></span></header>
<main>
  <p id="status" role="status">Opening the portal…</p>
  <div id="fatal" hidden role="alert"><h2>This link cannot be used</h2><p id="fatal-message"></p>
    <p>Ask your application for a new link (Clerk's <code>GenerateSvixAuthURL</code>).</p></div>
  <div id="portal" hidden>
    <section id="endpoints-section">
      <div class="bar"><h2>Endpoints</h2><button id="add-endpoint" type="button">Add endpoint</button></div>
      <table id="endpoints"><thead><tr><th>URL</th><th>Description</th><th>Events</th><th>State</th><th></th></tr></thead><tbody></tbody></table>
      <p id="no-endpoints" hidden>No endpoint yet: add one to receive webhooks.</p>
    </section>
    <section id="editor" hidden>
      <h2 id="editor-title">Add endpoint</h2>
      <form id="endpoint-form">
        <label>URL <input id="endpoint-url" name="url" type="url" required placeholder="https://example.com/webhooks/clerk"></label>
        <label>Description <input id="endpoint-description" name="description" type="text" maxlength="4096"></label>
        <fieldset><legend>Event types <small>(none checked: every event)</small></legend><div id="event-types"></div></fieldset>
        <p id="editor-error" class="error" hidden></p>
        <div class="bar"><button type="submit" id="save-endpoint">Save</button><button type="button" id="cancel-edit">Cancel</button></div>
      </form>
    </section>
    <section id="detail" hidden>
      <div class="bar"><h2 id="detail-title">Endpoint</h2><button type="button" id="close-detail">Close</button></div>
      <p class="mono" id="detail-url"></p>
      <div class="secret"><strong>Signing secret</strong>
        <code id="secret-value">••••••••</code>
        <button type="button" id="show-secret">Show</button>
        <button type="button" id="rotate-secret">Rotate</button></div>
      <div class="bar"><h3>Deliveries</h3><button type="button" id="refresh-deliveries">Refresh</button></div>
      <ul id="deliveries"></ul>
      <p id="no-deliveries" hidden>Nothing delivered to this endpoint yet.</p>
    </section>
    <section id="messages-section">
      <div class="bar"><h2>Recent messages</h2><button type="button" id="refresh-messages">Refresh</button></div>
      <table id="messages"><thead><tr><th>Event</th><th>Message</th><th>Time</th></tr></thead><tbody></tbody></table>
      <p id="no-messages" hidden>No event yet.</p>
    </section>
  </div>
</main>
</body>
</html>
`;

export const PORTAL_CSS = `
:root { color-scheme: light; --fg: #1d2433; --muted: #5b6478; --line: #dde2ec; --accent: #4253ff; --bad: #c0262d; --good: #17804a; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #f6f7fb; }
header { display: flex; align-items: baseline; gap: 1rem; padding: 1rem 2rem; background: #fff; border-bottom: 1px solid var(--line); }
header h1 { margin: 0; font-size: 1.3rem; }
#app-id { color: var(--muted); font-family: ui-monospace, monospace; font-size: 12px; }
main { max-width: 1100px; margin: 0 auto; padding: 1rem 2rem 3rem; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin: 1rem 0; }
h2 { font-size: 1.05rem; margin: 0; } h3 { font-size: .95rem; margin: .5rem 0; }
.bar { display: flex; align-items: center; gap: .5rem; justify-content: space-between; margin-bottom: .5rem; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .4rem .5rem; border-top: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 500; border-top: 0; }
td.url, .mono, code { font-family: ui-monospace, monospace; font-size: 12.5px; word-break: break-all; }
button { font: inherit; padding: .3rem .7rem; border: 1px solid var(--line); border-radius: 6px; background: #fff; cursor: pointer; }
button:hover { border-color: var(--accent); }
button.primary, #add-endpoint, #save-endpoint { background: var(--accent); color: #fff; border-color: var(--accent); }
button.danger { color: var(--bad); }
.actions { display: flex; gap: .3rem; flex-wrap: wrap; }
label { display: block; margin: .5rem 0; }
input[type=url], input[type=text] { display: block; width: 100%; padding: .4rem; border: 1px solid var(--line); border-radius: 6px; font: inherit; }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: .5rem 0; }
#event-types { columns: 3; }
#event-types label { margin: .15rem 0; font-size: 13px; }
.badge { display: inline-block; padding: 0 .45rem; border-radius: 10px; font-size: 12px; border: 1px solid currentColor; }
.ok { color: var(--good); } .fail { color: var(--bad); } .pending, .off { color: var(--muted); }
.error, #fatal { color: var(--bad); }
.secret { display: flex; align-items: center; gap: .5rem; margin: .5rem 0 1rem; }
#deliveries { list-style: none; padding: 0; margin: 0; }
#deliveries > li { border-top: 1px solid var(--line); padding: .5rem 0; }
.delivery-head { display: flex; gap: .75rem; align-items: center; }
.attempts { margin: .35rem 0 0 1rem; padding: 0; list-style: none; color: var(--muted); font-size: 12.5px; }
.attempts li { display: flex; gap: .75rem; }
.attempts .response { font-family: ui-monospace, monospace; max-width: 45ch; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
`;
