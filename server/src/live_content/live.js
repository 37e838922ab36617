// Leptra live content, linked only while the server watches the content folder.
// When the page on screen changes, it is loaded again, and the heading at the
// top of the window stays where it was (the scroll position, if it is gone).
(() => {
  const KEY = "leptra-live-content";
  const root = document.documentElement;
  // Routes come as text; the location percent-encodes non-ASCII slugs.
  const here = () => decodeURI(location.pathname).replace(/\/+$/, "") || "/";

  // The last heading above the top of the window, and how far below it the window is.
  const anchor = () => {
    const headings = document.querySelectorAll(".docs-body [id]:is(h1, h2, h3, h4, h5, h6)");
    let best = null;
    for (const heading of headings) {
      if (heading.getBoundingClientRect().top > 80) break;
      best = heading;
    }
    return { path: here(), y: window.scrollY, id: best?.id ?? null, offset: best ? best.getBoundingClientRect().top : 0 };
  };

  const restore = () => {
    const saved = JSON.parse(sessionStorage.getItem(KEY) ?? "null");
    if (!saved || saved.path !== here()) return;
    const heading = saved.id && document.getElementById(saved.id);
    const y = heading ? heading.getBoundingClientRect().top + window.scrollY - saved.offset : saved.y;
    window.scrollTo(0, y);
  };

  if (sessionStorage.getItem(KEY)) {
    restore();
    addEventListener("load", () => {
      restore();
      sessionStorage.removeItem(KEY);
      history.scrollRestoration = "auto";
    });
  }

  const events = new EventSource("/__leptra/content-events");
  events.addEventListener("open", () => root.setAttribute("data-live-content", "connected"));
  events.addEventListener("error", () => root.setAttribute("data-live-content", "reconnecting"));
  events.addEventListener("change", (event) => {
    const { routes } = JSON.parse(event.data);
    if (routes && !routes.includes(here())) return;
    sessionStorage.setItem(KEY, JSON.stringify(anchor()));
    history.scrollRestoration = "manual";
    location.reload();
  });
})();
