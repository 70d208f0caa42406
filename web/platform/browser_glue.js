// GroupDesk widget: the browser side of the platform layer (linked as --pre-js).
// DOM events become calls into the WASM module (gd_on_*); the module calls back through
// GroupDeskBrowser.* (EM_JS). Also exposes window.groupdesk, the test API.
// The build minifies this file with Closure Compiler (--closure 1), which renames every property
// it sees written unquoted: names the outside world reads or writes (the test API, the page's
// GROUPDESK_START, JSON sent to the module, DOM option bags)
// are quoted so they survive.

var GroupDeskBrowser = (function () {
  var canvas = null;
  var sink = null;        // the hidden textarea that holds keyboard focus
  var composing = false;  // an IME composition is under way: wait for its end
  var lastCopied = null;
  var lastCursor = '';

  function withString(text, fn) {
    var size = lengthBytesUTF8(text) + 1;
    var ptr = _malloc(size);
    stringToUTF8(text, ptr, size);
    try { fn(ptr); } finally { _free(ptr); }
  }

  function position(e) {
    var r = canvas.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }

  function reportSize() {
    var r = canvas.getBoundingClientRect();
    _gd_on_resize(r.width, r.height, window.devicePixelRatio || 1);
  }

  function watchPixelRatio() {
    // Fires when the page moves to a screen with another density, or on browser zoom.
    var query = window.matchMedia('(resolution: ' + (window.devicePixelRatio || 1) + 'dppx)');
    query.addEventListener('change', function () { reportSize(); watchPixelRatio(); }, { 'once': true });
  }

  // Keys go to the module by KeyboardEvent.code (dom_input.cpp maps them to ImGui's keys), so
  // shortcuts work on a Russian layout too. Text never comes from keydown: it arrives as the sink's
  // `input` (typed characters, dead keys, AltGr, an IME's committed text).
  function onKey(e, down) {
    if (e.isComposing || composing) return;
    var altGraph = e.getModifierState && e.getModifierState('AltGraph');
    var ctrl = (e.ctrlKey || e.metaKey) && !altGraph;
    // Ctrl+V: let the browser raise `paste` (the only way to read the clipboard); it presses V for ImGui.
    if (ctrl && e.code === 'KeyV') return;
    withString(e.code || '', function (p) {
      _gd_on_key(p, down ? 1 : 0, e.ctrlKey && !altGraph ? 1 : 0, e.shiftKey ? 1 : 0,
                 e.altKey && !altGraph ? 1 : 0, e.metaKey ? 1 : 0);
    });
    // A printable key must reach the sink as text; Ctrl+C / Ctrl+X must reach the browser's
    // `copy` and `cut` events. Everything else (Tab, Enter, Escape, arrows) stays in the widget:
    // Tab would otherwise move the page's focus out of the canvas.
    var printable = e.key !== undefined && e.key.length === 1;
    var copying = ctrl && (e.code === 'KeyC' || e.code === 'KeyX');
    if ((printable && !ctrl) || copying) return;
    e.preventDefault();
  }

  function takeSinkText() {
    var text = sink.value;
    sink.value = '';
    if (text) withString(text, function (p) { _gd_on_text(p); });
  }

  function install() {
    canvas = Module['canvas'];
    canvas.addEventListener('pointermove', function (e) {
      var p = position(e); _gd_on_pointer_move(p[0], p[1]);
    });
    canvas.addEventListener('pointerdown', function (e) {
      sink.focus({ 'preventScroll': true });
      canvas.setPointerCapture(e.pointerId);   // drags keep working outside the canvas
      var p = position(e); _gd_on_pointer_button(e.button, 1, p[0], p[1], e.pointerType === 'touch' ? 1 : 0);
      e.preventDefault();
    });
    var up = function (e) {
      var p = position(e);
      _gd_on_pointer_button(e.button < 0 ? 0 : e.button, 0, p[0], p[1], e.pointerType === 'touch' ? 1 : 0);
    };
    canvas.addEventListener('pointerup', up);
    canvas.addEventListener('pointercancel', up);
    canvas.addEventListener('pointerleave', function (e) { if (!e.buttons) _gd_on_pointer_leave(); });
    canvas.addEventListener('contextmenu', function (e) { e.preventDefault(); });
    canvas.addEventListener('wheel', function (e) {
      // Browsers give pixels (about 100 a notch), lines or pages; ImGui wants notches, up positive.
      var scale = e.deltaMode === 1 ? 1 / 3 : e.deltaMode === 2 ? 1 : 1 / 100;
      _gd_on_wheel(-e.deltaX * scale, -e.deltaY * scale);
      e.preventDefault();
    }, { 'passive': false });
    sink = document.getElementById('text-sink');
    sink.addEventListener('keydown', function (e) { onKey(e, true); });
    sink.addEventListener('keyup', function (e) { onKey(e, false); });
    sink.addEventListener('compositionstart', function () { composing = true; });
    sink.addEventListener('compositionend', function () { composing = false; takeSinkText(); });
    sink.addEventListener('input', function (e) { if (!e.isComposing && !composing) takeSinkText(); });
    sink.addEventListener('focus', function () { _gd_on_focus(1); });
    sink.addEventListener('blur', function () { _gd_on_focus(0); });
    document.addEventListener('paste', function (e) {
      var text = (e.clipboardData || window.clipboardData).getData('text/plain');
      if (!text) return;
      withString(text, function (p) { _gd_on_paste(p); });
      e.preventDefault();
    });
    document.addEventListener('copy', function (e) {
      if (lastCopied === null || document.activeElement !== sink) return;
      e.clipboardData.setData('text/plain', lastCopied);
      e.preventDefault();
    });
    document.addEventListener('cut', function (e) {
      if (lastCopied === null || document.activeElement !== sink) return;
      e.clipboardData.setData('text/plain', lastCopied);
      e.preventDefault();
    });
    // When the CRM puts focus into our iframe, typing should reach the widget at once.
    window.addEventListener('focus', function () { sink.focus({ 'preventScroll': true }); });
    new ResizeObserver(reportSize).observe(canvas);
    watchPixelRatio();
    reportSize();
    sink.focus({ 'preventScroll': true });
  }

  function fetchText(id, method, path, body, bearer, idempotencyKey, timeoutMs) {
    var controller = new AbortController();
    var timedOut = false;
    var timer = setTimeout(function () { timedOut = true; controller.abort(); }, timeoutMs);
    var init = { 'method': method, 'signal': controller.signal, 'cache': 'no-store',
                 'headers': { 'Accept': 'application/json' } };
    // The session token lives in the wasm's memory only; it rides on each call as a header.
    if (bearer) init['headers']['Authorization'] = 'Bearer ' + bearer;
    // One key per user action: a retry after a lost answer gets the first job back, not a second.
    if (idempotencyKey) init['headers']['Idempotency-Key'] = idempotencyKey;
    if (method !== 'GET' && method !== 'HEAD') {
      init['body'] = body;
      init['headers']['Content-Type'] = 'application/json';
    }
    var finish = function (status, text) {
      clearTimeout(timer);
      withString(text, function (p) { _gd_fetch_done(id, status, timedOut ? 1 : 0, p); });
    };
    fetch(path, init)
      .then(function (r) { return r.text().then(function (t) { finish(r.status, t); }); })
      .catch(function () { finish(0, ''); });
  }

  // The CRM user's language as the proxy put it in the card page (Bitrix24), or ''.
  function crmLanguage() {
    var given = window['GROUPDESK_START'];
    return given && typeof given === 'object' && typeof given['lang'] === 'string' ? given['lang'] : '';
  }

  // For the few words shown before the widget runs; the widget itself decides the same way
  // (start_context.cpp): an explicit ?lang= first, then the CRM's, Russian when unsure.
  function initialLanguage() {
    var asked = new URLSearchParams(window.location.search).get('lang');
    if (asked === 'en' || asked === 'ru') return asked;
    return crmLanguage() === 'en' ? 'en' : 'ru';
  }

  // What the CRM hands the widget (start_context.h): a session the proxy opened for the card's
  // user (put in the page by the proxy, or in the URL fragment so no server log ever sees it),
  // the card ("?entity=deal:101"), the language, and the panel it is drawn in ("?view=compact",
  // with "&group=" the card script's choice). The fragment is wiped once read.
  function startContext() {
    var query = new URLSearchParams(window.location.search);
    var start = { 'entity': query.get('entity') || '', 'lang': query.get('lang') || '', 'crm_lang': crmLanguage(), 'session': '',
                  'view': query.get('view') || '', 'group': query.get('group') || '', 'screen': query.get('screen') || '' };
    var given = window['GROUPDESK_START'];
    if (given && typeof given === 'object') {
      if (typeof given['session'] === 'string') start['session'] = given['session'];
      if (typeof given['entity'] === 'string' && given['entity']) start['entity'] = given['entity'];
    }
    var fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    if (fragment.get('session')) {
      start['session'] = fragment.get('session');
      history.replaceState(null, '', window.location.pathname + window.location.search);
    }
    return JSON.stringify(start);
  }

  function setStatus(text, isError) {
    var status = document.getElementById('status');
    if (!status) return;
    status.textContent = text;
    status.hidden = !text;
    status.className = isError ? 'error' : '';
  }

  return {
    install: install,
    fetch: fetchText,
    initialLanguage: initialLanguage,
    startContext: startContext,
    copy: function (text) {
      lastCopied = text;
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).catch(function () {});
    },
    // A CRM card in a new tab. "noopener": the new page gets no window.opener, so it can neither
    // reach into the widget nor navigate the CRM's frame. Tests may replace window.open.
    openInNewTab: function (url) {
      if (!/^https?:\/\//.test(url)) return;
      window.open(url, '_blank', 'noopener');
    },
    // The console (console.html, or the proxy's page of it for a Bitrix24 portal) in the widget's
    // place: a page of our own, so nothing but these relative addresses of this origin is followed.
    openHere: function (url) {
      if (!/^(console\.html|crm\/bitrix24\/console)\?/.test(url)) return;
      window.location.assign(url);
    },
    // A phone shows its keyboard only while a text field is being edited.
    wantTextInput: function (want) {
      var mode = want ? 'text' : 'none';
      if (sink['inputMode'] !== mode) sink['inputMode'] = mode;
    },
    setCursor: function (cursor) {
      if (cursor !== lastCursor) { canvas.style.cursor = cursor; lastCursor = cursor; }
    },
    announce: function (text) {
      // Screen readers cannot read the canvas: errors are also said through a live region.
      var live = document.getElementById('announcer');
      if (live && live.textContent !== text) live.textContent = text;
    },
    markReady: function () {
      window['groupdesk']['readyAt'] = performance.now();
      window['groupdesk']['ready'] = true;
      setStatus('', false);
    },
    // Signed in, the groups listed and drawn: when the widget became useful (bench/).
    markUseful: function () {
      window['groupdesk']['usefulAt'] = performance.now();
      window['groupdesk']['useful'] = true;
    },
    showFatal: function (what) {
      setStatus(initialLanguage() === 'en'
        ? 'GroupDesk cannot start: this browser lacks ' + what + '. Open the page in a current Chrome, Firefox, Edge or Safari.'
        : 'GroupDesk не запускается: браузеру не хватает ' + what + '. Откройте страницу в свежем Chrome, Firefox, Edge или Safari.', true);
    },
  };
})();

window['groupdesk'] = {
  'ready': false,
  'readyAt': null,
  'useful': false,
  'usefulAt': null,
  // What is on screen: [{label, x, y, w, h, ...}] (visible_items.cpp). The test build adds state().
  'items': function () { return JSON.parse(UTF8ToString(_gd_visible_items())); },
};

Module['canvas'] = document.getElementById('canvas');
Module['onAbort'] = function () { GroupDeskBrowser.showFatal('WebAssembly'); };
