// A loading sign over the Peta map while the browser fetches and draws its boundaries (st.components.v2).
// data: {chart: the plotly chart's Streamlit key, url: the GeoJSON the new figure draws, text: the sign's text,
// labels: the id of the map's layer of region names}.
// The sign stays until plotly has fetched that GeoJSON, the figure drawing it is applied and MapLibre has
// finished drawing (map.loaded()); it never blocks a click (pointer-events: none).
export default function ({ data }) {
  const host = document.querySelector(`.st-key-${data.chart}`);
  if (!host) return;
  let sign = host.querySelector(":scope > .kkb-map-loading");
  if (!sign) {
    sign = document.createElement("div");
    sign.className = "kkb-map-loading";
    sign.setAttribute("role", "status");
    sign.setAttribute("aria-live", "polite");
    Object.assign(sign.style, {
      position: "absolute", left: "0", right: "0", top: "35%", margin: "0 auto", width: "fit-content",
      padding: "10px 18px", background: "rgba(255,255,255,0.92)", border: "1px solid #ccc", borderRadius: "8px",
      font: "600 16px sans-serif", color: "#1a1a1a", zIndex: "10", pointerEvents: "none",
    });
    // A turning ring drawn with CSS (no emoji: an office PC may have no font for it).
    const ring = document.createElement("span");
    Object.assign(ring.style, {
      display: "inline-block", width: "14px", height: "14px", marginRight: "10px", verticalAlign: "-2px",
      border: "3px solid #ccc", borderTopColor: "#1a1a1a", borderRadius: "50%",
    });
    ring.animate([{ transform: "rotate(0deg)" }, { transform: "rotate(360deg)" }], { duration: 900, iterations: Infinity });
    sign.append(ring, document.createElement("span"));
    host.style.position = "relative";
    host.appendChild(sign);
  }
  sign.lastChild.textContent = data.text;
  const mapOf = () => {
    const gd = host.querySelector(".js-plotly-plot");
    const sub = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot;
    return sub && sub.map;
  };
  const drawn = () => {
    const gd = host.querySelector(".js-plotly-plot");
    const map = mapOf();
    const assets = window.PlotlyGeoAssets || {};
    return !!map && typeof assets[data.url] === "object" && (gd.data || []).some((t) => t.geojson === data.url)
      && map.loaded() && map.getStyle().layers.some((l) => l.id.startsWith("plotly-trace-layer"));
  };
  // The names (data.labels: a layer of the map's own style, so drawn at once) wait for the regions they name:
  // names floating over an empty map read as a broken map.
  let hid = false;
  const showNames = (on) => {
    try { // a map being replaced has no style any more: then there is nothing to hide or show
      const map = mapOf();
      if (!map || !data.labels || !map.getLayer(data.labels)) return;
      const want = on ? "visible" : "none";
      if (map.getLayoutProperty(data.labels, "visibility") !== want) map.setLayoutProperty(data.labels, "visibility", want);
      hid = !on;
    } catch (error) {
      // the next tick, or the next sign, tries again
    }
  };
  sign.hidden = drawn(); // a new measure on the same layer: already drawn, no sign
  if (!sign.hidden) showNames(false);
  const started = Date.now();
  const timer = setInterval(() => {
    // After two minutes the sign goes anyway: a map that failed shows plotly's own state, not a stuck sign.
    if (drawn() || Date.now() - started > 120000) {
      showNames(true);
      sign.hidden = true;
      clearInterval(timer);
    } else {
      showNames(false);
    }
  }, 100);
  return () => { // the sign is gone with its element (a new figure took over): never leave the names hidden
    clearInterval(timer);
    if (hid) showNames(true);
  };
}
