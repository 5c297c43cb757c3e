// The one thing Redoc's inlined bundle still fetches from another host is the
// "API docs by" attribution logo (cdn.redoc.ly), and no option turns it off.
// Point it at an inline SVG instead, so a page needs no network at view time.
const ATTRIBUTION_LOGOS = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;

const inlineLogo = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="60" height="14" viewBox="0 0 60 14"><text x="0" y="11" font-family="sans-serif" font-size="11" fill="#555">Redoc</text></svg>',
)}`;

/** The page with every known remote asset replaced by an inline one; throws if Redoc's markup changed. */
export function makeOffline(html: string): string {
  if (!ATTRIBUTION_LOGOS.test(html)) {
    throw new Error('Redoc no longer references cdn.redoc.ly logos: check scripts/docs/offline.ts against the new bundle.');
  }
  ATTRIBUTION_LOGOS.lastIndex = 0;
  // Without an icon link the browser asks the server for /favicon.ico, which the site does not have.
  return html.replace(ATTRIBUTION_LOGOS, inlineLogo).replace(/<head>/i, '<head>\n<link rel="icon" href="data:,">');
}
