/** What the interstitial page needs, every value already checked. */
export interface InterstitialConfig {
  publishableKey: string;
  frontendApi: string;
  scriptUrl: string;
  proxyUrl: string | null;
  domain: string | null;
  signInUrl: string | null;
}

/**
 * JSON that is safe inside `<script>`: `<`, `>` and `&` cannot close the element or open a
 * comment, and U+2028/U+2029 cannot end a line of the script.
 */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Clerk's interstitial: loads clerk-js for the instance, and once it has loaded (and so
 * refreshed the session cookies) reloads the page. Every value sent by the caller reaches
 * the page through one JSON literal and `setAttribute`, never through HTML text.
 */
export function renderInterstitial(config: InterstitialConfig): string {
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Checking your session…</title>
  </head>
  <body>
    <script>
      (function () {
        var config = ${scriptJson(config)};
        window.__clerk_frontend_api = config.frontendApi;
        window.__clerk_publishable_key = config.publishableKey;
        if (config.proxyUrl) window.__clerk_proxy_url = config.proxyUrl;
        if (config.domain) window.__clerk_domain = config.domain;
        function startClerk() {
          var Clerk = window.Clerk;
          Clerk.load({
            isSatellite: Boolean(config.domain),
            isInterstitial: true,
            signInUrl: config.signInUrl || undefined,
          })
            .then(function () {
              if (!Clerk.loaded) return;
              if (window.location.href.indexOf('#') === -1) {
                window.location.href = window.location.href;
              } else {
                window.location.reload();
              }
            })
            .catch(function (error) {
              console.error('Clerk: ', error);
            });
        }
        var script = document.createElement('script');
        script.setAttribute('data-clerk-publishable-key', config.publishableKey);
        if (config.domain) script.setAttribute('data-clerk-domain', config.domain);
        if (config.proxyUrl) script.setAttribute('data-clerk-proxy-url', config.proxyUrl);
        script.async = true;
        script.src = config.scriptUrl;
        script.crossOrigin = 'anonymous';
        script.addEventListener('load', startClerk);
        document.body.appendChild(script);
      })();
    </script>
  </body>
</html>
`;
}
