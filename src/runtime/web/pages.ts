// The HTML the web host serves: the app's page (xterm.js fills the window; the
// script and styles are our own files, no CDN) and the short pages for a
// browser that may not come in. None of them carries the token or any text
// from the config: what the app shows reaches the page only as screen bytes.

const STYLE = `html,body{margin:0;height:100%;background:#101014;color:#ddd;font:15px system-ui,sans-serif}
#term{position:fixed;inset:0;padding:2px}
#overlay{position:fixed;inset:0;display:none;align-items:center;justify-content:center;background:rgba(10,10,14,.85)}
#overlay.shown{display:flex}
.box{max-width:34em;padding:1.5em 2em;border:1px solid #444;border-radius:6px;background:#18181d;line-height:1.5}
a.button,button{display:inline-block;margin-top:.8em;padding:.4em 1em;border:1px solid #888;border-radius:4px;background:#2a2a33;color:#fff;font:inherit;text-decoration:none;cursor:pointer}`;

function page(title: string, body: string, head = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${STYLE}</style>${head}</head>
<body>${body}</body></html>
`;
}

/** The app: the terminal, an overlay for "stopped" / "in use", the bundled script. */
export function appPage(): string {
  return page(
    'mistralrs-tui',
    `<div id="term"></div><div id="overlay"><div class="box" id="message"></div></div>
<script src="/app.js"></script>`,
    '\n<link rel="stylesheet" href="/xterm.css">',
  );
}

/** No token, or a wrong one. */
export function deniedPage(): string {
  return page(
    'mistralrs-tui: not allowed',
    `<div class="box" style="margin:4em auto"><h1>401: not allowed</h1>
<p>This page needs the address that <code>mistralrs-tui web</code> printed in its terminal (it carries a token made for this run). Open that address in this browser.</p></div>`,
  );
}

export function notFoundPage(): string {
  return page(
    'mistralrs-tui: not found',
    '<div class="box" style="margin:4em auto">Not found.</div>',
  );
}
