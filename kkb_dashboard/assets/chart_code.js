// Loads Streamlit's plotly chart code while the reader looks at a page without plotly charts (st.components.v2),
// so that the map and charts of the next page draw without first fetching and running 4.7 MB of script.
// data: {chunk: the file name of that code in Streamlit's build, e.g. "PlotlyChart.D9Z0_fxz.js"}.
// The same URL Streamlit imports, so the browser keeps one module and Streamlit's own import finds it loaded.
export default function ({ data }) {
  if (!data.chunk || window.__kkbChartCode) return;
  window.__kkbChartCode = "waiting";
  const index = document.querySelector('script[type="module"][src*="/static/js/index."]');
  if (!index) return;
  const url = new URL(data.chunk, index.src).href;
  const idle = window.requestIdleCallback || ((run) => setTimeout(run, 1500));
  // Once the page's script has finished and the browser has drawn it: the reader's page comes first.
  const later = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (app && app.getAttribute("data-test-script-state") === "running") {
      setTimeout(later, 300);
      return;
    }
    idle(() => {
      window.__kkbChartCode = "loading";
      import(url).then(
        () => { window.__kkbChartCode = "loaded"; },
        () => { window.__kkbChartCode = "failed"; }, // Streamlit imports it itself when a chart needs it
      );
    }, { timeout: 4000 });
  };
  setTimeout(later, 500);
}
