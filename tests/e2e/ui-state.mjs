// Reading our UI in the tests. On sites our UI is in a closed shadow root on a host whose tag
// name is `composure-ui-<random>`, so the page's own scripts cannot reach it; the tests reach
// it the way only the browser's automation can: Chromium through the DevTools protocol
// (DOM.getDocument with `pierce` returns closed roots too), Firefox through WebDriver's "Get
// Element Shadow Root" (which returns closed roots too). The same `readUi` then runs in the
// page with the root as its argument.

/** Evaluated in the composer's frame with our shadow root (or null): what our UI shows, plus
 * what the page's own scripts can see of us (`leaks`, which must stay empty). */
export function readUi(sr) {
  // what any page script can read: highlights, and attributes on elements of ours
  let highlights = 0;
  if (globalThis.CSS && CSS.highlights) CSS.highlights.forEach((h) => (highlights += h.size));
  const hosts = [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('composure-'));
  const leaks = [];
  for (const h of hosts) {
    for (const a of h.attributes) if (a.name !== 'style') leaks.push(`attribute ${a.name}`);
    if (h.shadowRoot) leaks.push('open shadow root');
  }
  if (highlights) leaks.push(`${highlights} CSS highlights`);
  if (!sr) return { present: false, count: 0, checked: -1, checks: 0, declined: 0, underlines: 0, highlights, marks: 0, boxes: 0, marked: [], leaks, dialogOpen: false, modelChecks: 0, modelWaits: 0, rules: [] };
  const st = sr.querySelector('.state')?.dataset ?? {};
  const num = (k, d = 0) => (st[k] === undefined ? d : Number(st[k]));
  const badge = sr.querySelector('[role=status]');
  const dlg = sr.querySelector('dialog');
  const text = typeof window.__text === 'function' ? window.__text() : null;
  // the underlined passages, as the person sees them marked
  const marked = [...sr.querySelectorAll('.mirror:not([hidden]) mark')].map((m) => m.textContent);
  const boxes = sr.querySelectorAll('.boxes .box');
  const spans = new Set([...boxes].map((b) => `${b.dataset.start},${b.dataset.end}`));
  if (text !== null) for (const s of spans) marked.push(text.slice(...s.split(',').map(Number)));
  const r = dlg?.open ? dlg.getBoundingClientRect() : null;
  return {
    present: true,
    engine: st.engine ?? null,
    count: num('count'),
    severity: st.severity ?? '',
    checked: num('checked', -1),
    checks: num('checks'),
    // the last check was for the text as it is now
    fresh: st.fresh === '1',
    declined: num('declined'),
    remounts: num('remounts'),
    // posts let through that we are done with (our last step after a post has run)
    posts: num('posts'),
    // performance.now() in the page when the last check was drawn (the benchmark's clock)
    shownAt: num('shownAt', -1),
    // post actions that waited for the engine (sent before it was ready)
    waits: num('waits'),
    // the user turned Composure off for this site (decided once the settings arrived)
    off: st.off === '1',
    unshown: num('unshown'),
    underlines: num('underlines'),
    label: badge && !badge.hidden ? badge.getAttribute('aria-label') : null,
    dialogOpen: !!(dlg && dlg.open),
    dialogVisible: !!(r && r.width > 100 && r.height > 50 && dlg.checkVisibility?.({ opacityProperty: true, visibilityProperty: true }) !== false),
    dialogRole: dlg ? dlg.getAttribute('role') : null,
    postAnyway: st.postAnyway ?? null,
    popover: st.popover ?? null,
    highlights,
    marks: sr.querySelectorAll('.mirror:not([hidden]) mark').length,
    boxes: boxes.length,
    marked,
    inModalDialog: !!sr.host.closest('dialog[open]'),
    engineError: st.engineError ?? null,
    // the sentence model's verdicts shown (background/model.ts), posts that waited for one, the
    // worker's time for the last one and for loading the model, and why it failed if it did
    modelChecks: num('modelChecks'),
    modelWaits: num('modelWaits'),
    modelMs: num('modelMs', -1),
    modelLoadMs: num('modelLoadMs', -1),
    modelError: st.modelError ?? null,
    // the rule ids of each entry in the open popover or hold dialog
    rules: [...sr.querySelectorAll('li[data-rules]')].map((li) => li.dataset.rules),
    leaks,
  };
}

/** Evaluated in the page: our UI's host element, or null. */
export function findHost() {
  return [...document.querySelectorAll('*')].find((e) => e.localName.startsWith('composure-ui')) ?? null;
}

/** Chromium (playwright): our UI in `page` (any frame), through a DevTools session. */
export async function chromiumUi(page) {
  const cdp = await page.context().newCDPSession(page);
  const group = 'composure-test';
  async function root() {
    const { root: doc } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const stack = [doc];
    while (stack.length) {
      const n = stack.pop();
      if (n.localName?.startsWith('composure-ui') && n.shadowRoots?.length) {
        const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: n.shadowRoots[0].backendNodeId, objectGroup: group });
        return object.objectId;
      }
      stack.push(...(n.children ?? []), ...(n.shadowRoots ?? []), ...(n.contentDocument ? [n.contentDocument] : []));
    }
    return null;
  }
  /** Runs `fn(root, ...args)` in the page (root: our shadow root or null); returns its value. */
  async function run(fn, ...args) {
    try {
      const objectId = await root();
      if (!objectId) {
        const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
          expression: `(${fn})(null, ...${JSON.stringify(args)})`, returnByValue: true,
        });
        if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
        return result.value;
      }
      const { result, exceptionDetails } = await cdp.send('Runtime.callFunctionOn', {
        objectId, functionDeclaration: `function (...args) { return (${fn})(this, ...args); }`,
        arguments: args.map((value) => ({ value })), returnByValue: true,
      });
      if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
      return result.value;
    } finally {
      await cdp.send('Runtime.releaseObjectGroup', { objectGroup: group }).catch(() => {});
    }
  }
  /** The box of the element `selector` in our root, in the page's viewport; null when absent. */
  async function box(selector) {
    try {
      const objectId = await root();
      if (!objectId) return null;
      const { result } = await cdp.send('Runtime.callFunctionOn', {
        objectId, functionDeclaration: 'function (s) { return this.querySelector(s); }',
        arguments: [{ value: selector }], objectGroup: group,
      });
      if (!result.objectId) return null;
      const { quads } = await cdp.send('DOM.getContentQuads', { objectId: result.objectId });
      if (!quads?.length) return null;
      const q = quads[0];
      const xs = [q[0], q[2], q[4], q[6]];
      const ys = [q[1], q[3], q[5], q[7]];
      return { x: Math.min(...xs), y: Math.min(...ys), width: Math.max(...xs) - Math.min(...xs), height: Math.max(...ys) - Math.min(...ys) };
    } finally {
      await cdp.send('Runtime.releaseObjectGroup', { objectGroup: group }).catch(() => {});
    }
  }
  return {
    state: () => run(readUi),
    run,
    /** A person's click (trusted, through the input pipeline) on `selector` in our UI. */
    async click(selector) {
      // as a person scrolls a long popover to reach a button below its fold
      await run((sr, s) => sr?.querySelector(s)?.scrollIntoView({ block: 'nearest' }), selector);
      const b = await box(selector);
      if (!b) throw new Error(`nothing to click at ${selector} in our UI`);
      await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
    },
    has: async (selector) => (await box(selector)) !== null,
    box,
  };
}

/** Firefox (webdriver.mjs): our UI in the current browsing context. */
export function firefoxUi(ff) {
  async function root() {
    const host = await ff.exec(findHost);
    return host ? host.shadow() : null;
  }
  return {
    state: async () => ff.exec(readUi, await root()),
    run: async (fn, ...args) => ff.exec(fn, await root(), ...args),
    /** Our element `selector` (a webdriver element: click() is a person's click), or null. */
    find: async (selector) => {
      const r = await root();
      return r ? ff.findIn(r, selector) : null;
    },
  };
}
