/**
 * The HTML shell shared by the 3-D views: a toolbar, a full-window canvas host, an error box, the data
 * as inline JSON (typed arrays base64-encoded, little-endian) and the bundled viewer script.
 * The result is one self-contained file: it loads from file:// with no network access.
 */
import { escapeXml } from '../scale.ts';
import { viewerScript, type ViewerName } from '../viewerBundle.ts';

/** Base64 of a typed array's bytes (little-endian on every platform Node and browsers run on). */
export function base64Of(a: Float32Array | Uint32Array | Uint16Array): string {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
}

/** '#rrggbb' of 0xRRGGBB. */
export function hexColor(c: number): string {
  return `#${(c & 0xffffff).toString(16).padStart(6, '0')}`;
}

export interface ViewerPageOptions {
  title: string;
  viewer: ViewerName;
  data: unknown;
  /** Toolbar HTML after the title (trusted markup built by the caller). */
  toolbar: string;
  /** One line under the title: units, counts. */
  caption: string;
}

export function viewerPage(o: ViewerPageOptions): string {
  const json = JSON.stringify(o.data).replace(/</g, '\\u003c');
  return `<!doctype html>
<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeXml(o.title)}</title>
<style>
html,body{margin:0;height:100%;overflow:hidden;font-family:sans-serif;font-size:13px;color:#222}
#viz-bar{position:absolute;left:0;right:0;top:0;height:44px;display:flex;align-items:center;gap:10px;padding:0 10px;background:#f4f4f4;border-bottom:1px solid #ddd;box-sizing:border-box;white-space:nowrap;overflow:hidden}
#viz-bar b{font-size:14px}#viz-bar small{color:#666}
#viz-canvas-host{position:absolute;left:0;right:0;top:44px;bottom:0}
#viz-error{display:none;position:absolute;top:60px;left:20px;right:20px;padding:1em;background:#fee;color:#900;border:1px solid #d99}
.viz-swatch{display:inline-block;width:10px;height:10px;border:1px solid #888;margin-right:3px;vertical-align:middle}
</style></head><body>
<div id="viz-bar"><b>${escapeXml(o.title)}</b>${o.toolbar}<small>${escapeXml(o.caption)}</small></div>
<div id="viz-canvas-host"></div>
<div id="viz-error"></div>
<script type="application/json" id="viz-data">${json}</script>
<script>${viewerScript(o.viewer)}</script>
</body></html>
`;
}

/**
 * A view page (from moleculeViewHtml / meshVoxelViewHtml) as an <iframe srcdoc> element, for showing it
 * inline where only an HTML fragment can go: tslab's `display.html(...)` in a notebook, or a report.
 * The page keeps its own document, so its script and styles do not touch the host's. Height in px.
 */
export function embedView(pageHtml: string, opts: { height?: number; title?: string } = {}): string {
  const srcdoc = pageHtml.replace(/&/g, '&amp;').replace(/"/g, '&quot;');
  return `<iframe title="${escapeXml(opts.title ?? '3-D view')}" style="width:100%;height:${opts.height ?? 480}px;border:1px solid #ddd" srcdoc="${srcdoc}"></iframe>`;
}
