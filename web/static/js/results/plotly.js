// PlotlyResult: plotly.js, served from the installed plotly package.

let plotlyPromise = null;

export function loadPlotly() {
  if (window.Plotly) return Promise.resolve(window.Plotly);
  if (!plotlyPromise) {
    plotlyPromise = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = "/static/vendor/plotly.min.js";
      script.async = true;
      script.addEventListener("load", () => resolve(window.Plotly));
      script.addEventListener("error", () => {
        plotlyPromise = null;
        reject(new Error("Cannot load plotly.js from /static/vendor/plotly.min.js"));
      });
      document.head.appendChild(script);
    });
  }
  return plotlyPromise;
}

function parseFigure(figure) {
  if (typeof figure === "string") {
    try {
      return JSON.parse(figure);
    } catch {
      return {};
    }
  }
  return figure && typeof figure === "object" ? figure : {};
}

/** Draw (or redraw in place) a Plotly figure into `div`, filling its container. */
export async function drawPlotly(div, figure) {
  const Plotly = await loadPlotly();
  const fig = parseFigure(figure);
  const layout = { ...(fig.layout || {}), autosize: true };
  delete layout.width;
  delete layout.height;
  const config = { responsive: true, displaylogo: false, ...(fig.config || {}) };
  await Plotly.react(div, fig.data || [], layout, config);
  if (!div.viktorliteObserver && "ResizeObserver" in window) {
    let frame = 0;
    div.viktorliteObserver = new ResizeObserver(() => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        if (div.isConnected && div.offsetWidth > 0 && div.offsetHeight > 0) Plotly.Plots.resize(div);
      });
    });
    div.viktorliteObserver.observe(div);
  }
}

export function disposePlotly(div) {
  if (div.viktorliteObserver) div.viktorliteObserver.disconnect();
  if (window.Plotly) window.Plotly.purge(div);
}
