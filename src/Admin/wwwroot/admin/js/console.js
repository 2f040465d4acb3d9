// Live updates without a front-end library: a page with [data-live] listens to the workspace's
// server-sent events and, on a change, fetches itself again and swaps in the fresh element.
(() => {
    const target = document.querySelector("[data-live]");
    if (!target || !window.EventSource) return;
    let pending = null;
    let running = false;
    const refresh = async () => {
        if (running) { pending = pending || setTimeout(tick, 300); return; }
        running = true;
        try {
            const response = await fetch(location.href, { headers: { "X-Requested-With": "live" }, credentials: "same-origin" });
            if (!response.ok) return;
            const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById(target.id);
            const current = document.getElementById(target.id);
            if (!fresh || !current) return;
            // Keep what the operator is typing and where the transcript is scrolled.
            const typing = current.querySelector("textarea");
            const text = typing ? typing.value : null;
            const focused = typing && document.activeElement === typing;
            const scroller = current.querySelector(".transcript");
            const atBottom = !scroller || scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 40;
            // What the server refused on this page's post (a reply outside the window, a rule
            // that does not validate) stays shown: the fresh copy is a plain GET, without errors.
            const freshSummaries = fresh.querySelectorAll("[data-valmsg-summary]");
            current.querySelectorAll("[data-valmsg-summary]").forEach((summary, i) => {
                if (summary.classList.contains("validation-summary-errors") && freshSummaries[i]) freshSummaries[i].replaceWith(summary.cloneNode(true));
            });
            current.replaceWith(fresh);
            document.body.dataset.liveRefreshes = String(Number(document.body.dataset.liveRefreshes || 0) + 1);
            const newTyping = fresh.querySelector("textarea");
            if (newTyping && text !== null) { newTyping.value = text; if (focused) newTyping.focus(); }
            const newScroller = fresh.querySelector(".transcript");
            if (newScroller && atBottom) newScroller.scrollTop = newScroller.scrollHeight;
            document.dispatchEvent(new CustomEvent("live:updated"));
        } finally {
            running = false;
        }
    };
    const tick = () => { pending = null; refresh(); };
    const schedule = () => { if (!pending) pending = setTimeout(tick, 150); };
    const scroller = document.querySelector(".transcript");
    if (scroller) scroller.scrollTop = scroller.scrollHeight;
    const events = new EventSource(target.dataset.live);
    events.addEventListener("change", schedule);
    // Whatever passed between rendering the page and subscribing (a persona verdict that comes
    // a moment after the save), or while reconnecting, is fetched once.
    events.addEventListener("open", schedule);
})();
