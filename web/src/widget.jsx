// Twitch assistant chat widget: rasa-webchat (pinned in package.json) with
// an assessment card, a typing indicator and accessibility fixes.
//
// Usage (see docs/EMBEDDING.md):
//   <script src="/vendor/twitch-chat.js" data-socket-url="https://bot.example.org"></script>
// or
//   TwitchChat.init({ socketUrl: "https://bot.example.org", title: "..." })
import React from "react";
import ReactDOM from "react-dom";
import WebchatModule from "rasa-webchat";
import { AssessmentCard, SummaryCard, UnknownCustomMessage } from "./card";
import { findAssessment, findPayload, cardModel } from "./labels";

const Widget = WebchatModule && WebchatModule.default ? WebchatModule.default : WebchatModule;

const VERSION = "1.0.0";
const currentScript = typeof document !== "undefined" ? document.currentScript : null;

const DEFAULTS = {
  socketUrl: "http://localhost:5005",
  socketPath: "/socket.io/",
  title: "Muscle twitch helper",
  subtitle: "Information, not a diagnosis",
  initPayload: "/greet",
  inputTextFieldHint: "Describe your twitching…",
  storage: "local",
  embedded: false,
  openOnLoad: false,
  stylesheet: null,
  selector: null,
};

// The confirmation of "forget me" (actions/privacy.py) carries this marker; the
// widget then forgets its own copy too (see forgetConversation below).
const DELETED_TYPE = "conversation_deleted";
const SESSION_KEY = "chat_session"; // rasa-webchat 1.0.1's storage key
const FORGET_PAYLOAD = "/forget_me_confirmed";
const FORGET_FLAG = "tw-forget-done";

function CustomMessage(props) {
  if (findPayload(props, [DELETED_TYPE])) return null; // nothing to show: the text says it
  const payload = findPayload(props);
  if (!payload) return <UnknownCustomMessage />;
  if (payload.type === "visit_summary") return <SummaryCard payload={payload} />;
  return <AssessmentCard payload={payload} />;
}

// ------------------------------------------------------------ accessibility
const LABELS = [
  [".rw-launcher", (el) => {
    const open = !!document.querySelector(".rw-conversation-container");
    el.setAttribute("aria-label", open ? "Close the twitch assistant chat" : "Open the twitch assistant chat");
    el.setAttribute("aria-expanded", open ? "true" : "false");
    el.setAttribute("title", open ? "Close chat" : "Open chat");
  }],
  [".rw-new-message", (el) => {
    el.setAttribute("aria-label", "Your message to the assistant");
    if (el.tagName === "TEXTAREA" || el.tagName === "INPUT") el.setAttribute("autocomplete", "off");
  }],
  [".rw-send", (el) => el.setAttribute("aria-label", "Send message")],
  [".rw-close-button", (el) => el.setAttribute("aria-label", "Close the chat")],
  [".rw-toggle-fullscreen-button", (el) => el.setAttribute("aria-label", "Toggle full screen")],
  [".rw-messages-container", (el) => {
    el.setAttribute("role", "log");
    el.setAttribute("aria-live", "polite");
    el.setAttribute("aria-relevant", "additions");
    el.setAttribute("aria-label", "Conversation with the twitch assistant");
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
  }],
  [".rw-conversation-container", (el) => {
    el.setAttribute("role", "dialog");
    el.setAttribute("aria-label", "Twitch assistant chat");
  }],
  [".rw-reply", (el) => {
    if (el.tagName !== "A" && el.tagName !== "BUTTON") {
      el.setAttribute("role", "button");
      if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
      if (!el.dataset.twKeys) {
        el.dataset.twKeys = "1";
        el.addEventListener("keydown", (ev) => {
          if (ev.key === "Enter" || ev.key === " ") {
            ev.preventDefault();
            el.click();
          }
        });
      }
    }
  }],
  [".rw-avatar", (el) => el.setAttribute("alt", "")],
  [".rw-launcher img, .rw-close-button img, .rw-send img", (el) => el.setAttribute("alt", "")],
  // Markdown links in bot messages: never allow script URLs (CSP blocks them
  // too; this is a second line of defence).
  ["a[href]", (el) => {
    const href = (el.getAttribute("href") || "").replace(/[\u0000-\u0020]/g, "").toLowerCase();
    if (href.startsWith("javascript:") || href.startsWith("data:") || href.startsWith("vbscript:")) {
      el.removeAttribute("href");
    }
  }],
];

function enhance(root) {
  for (const [selector, apply] of LABELS) {
    root.querySelectorAll(selector).forEach((el) => {
      try { apply(el); } catch (e) { /* never break the chat */ }
    });
  }
}

// ----------------------------------------------------------- typing indicator
function makeTyping() {
  const el = document.createElement("div");
  el.className = "tw-typing";
  el.setAttribute("role", "status");
  el.setAttribute("aria-live", "polite");
  el.dataset.testid = "typing-indicator";
  const dots = document.createElement("span");
  dots.className = "tw-typing__dots";
  dots.setAttribute("aria-hidden", "true");
  for (let i = 0; i < 3; i += 1) dots.appendChild(document.createElement("span"));
  const text = document.createElement("span");
  text.className = "tw-typing__text";
  text.textContent = "The assistant is typing…";
  el.appendChild(dots);
  el.appendChild(text);
  el.hidden = true;
  return el;
}

function resolveScriptBase() {
  if (currentScript && currentScript.src) return currentScript.src.replace(/[^/]*$/, "");
  return "";
}

function ensureStylesheet(href) {
  if (!href) return;
  const already = Array.from(document.querySelectorAll('link[rel="stylesheet"]')).some(
    (l) => l.href === new URL(href, document.baseURI).href
  );
  if (already) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = href;
  document.head.appendChild(link);
}

function bool(value, fallback) {
  if (value === undefined || value === null || value === "") return fallback;
  if (typeof value === "boolean") return value;
  return !/^(false|0|no|off)$/i.test(String(value));
}

export function init(options = {}) {
  const given = {};
  Object.keys(options || {}).forEach((key) => {
    if (options[key] !== undefined && options[key] !== null) given[key] = options[key];
  });
  const opts = { ...DEFAULTS, ...given };
  const base = resolveScriptBase();
  ensureStylesheet(opts.stylesheet || (base ? base + "twitch-chat.css" : null));

  let mount = opts.selector ? document.querySelector(opts.selector) : null;
  if (!mount) {
    mount = document.createElement("div");
    mount.id = "twitch-chat-widget";
    document.body.appendChild(mount);
  }
  mount.classList.add("tw-root");
  if (bool(opts.embedded, false)) mount.classList.add("tw-root--embedded");

  const typing = makeTyping();
  let typingTimer = null;
  const state = { placing: false };

  function placeTyping() {
    const sender = mount.querySelector(".rw-sender");
    if (sender && sender.parentNode && typing.nextSibling !== sender) {
      sender.parentNode.insertBefore(typing, sender);
    }
  }
  function showTyping() {
    placeTyping();
    typing.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, 30000);
  }
  function hideTyping() {
    clearTimeout(typingTimer);
    typing.hidden = true;
  }

  const listeners = [];

  // ------------------------------------------------ "Delete this conversation"
  let forgotten = false;
  try { forgotten = window.sessionStorage.getItem(FORGET_FLAG) === "1"; } catch (e) { /* blocked */ }
  // Sends the same confirmed request as the chat's "Yes, delete it" button (the
  // server deletes every stored event of this conversation), then clears the
  // widget's own session and reloads it, so nothing stays in this browser either.
  const forget = { pending: false, timer: null };
  function clearLocalSession() {
    [window.localStorage, window.sessionStorage].forEach((store) => {
      try { store.removeItem(SESSION_KEY); } catch (e) { /* storage blocked */ }
    });
  }
  if (forgotten) {
    clearLocalSession();
    try { window.sessionStorage.removeItem(FORGET_FLAG); } catch (e) { /* blocked */ }
  }
  function finishForget() {
    if (!forget.pending) return;
    forget.pending = false;
    clearTimeout(forget.timer);
    // rasa-webchat writes its session back while the page unloads, so clearing it
    // now is not enough: a flag makes the next load clear it before the widget reads it
    try { window.sessionStorage.setItem(FORGET_FLAG, "1"); } catch (e) { /* storage blocked */ }
    clearLocalSession();
    window.location.reload();
  }
  // rasa-webchat's documented way to send a payload: a ref's sendMessage (README)
  const widgetRef = React.createRef();
  function sendText(text) {
    const widget = widgetRef.current;
    if (!widget || typeof widget.sendMessage !== "function") return false;
    widget.sendMessage(text);
    return true;
  }
  function forgetConversation() {
    if (forget.pending) return;
    forget.pending = true;
    if (!sendText(FORGET_PAYLOAD)) { forget.pending = false; return; }
    // if no confirmation arrives (server unreachable), still forget locally
    forget.timer = setTimeout(finishForget, 15000);
  }
  function makeForgetBar() {
    const bar = document.createElement("div");
    bar.className = "tw-forget";
    bar.dataset.testid = "forget-bar";
    const start = document.createElement("button");
    start.type = "button";
    start.className = "tw-forget__start";
    start.dataset.testid = "forget-start";
    start.textContent = "Delete this conversation";
    const confirmBox = document.createElement("div");
    confirmBox.className = "tw-forget__confirm";
    confirmBox.hidden = true;
    confirmBox.setAttribute("role", "group");
    confirmBox.setAttribute("aria-label", "Confirm deleting this conversation");
    const question = document.createElement("span");
    question.textContent = "Delete everything in this chat? This can't be undone. ";
    const yes = document.createElement("button");
    yes.type = "button";
    yes.dataset.testid = "forget-yes";
    yes.textContent = "Yes, delete";
    const no = document.createElement("button");
    no.type = "button";
    no.dataset.testid = "forget-no";
    no.textContent = "Cancel";
    confirmBox.append(question, yes, no);
    start.addEventListener("click", () => { start.hidden = true; confirmBox.hidden = false; yes.focus(); });
    no.addEventListener("click", () => { confirmBox.hidden = true; start.hidden = false; start.focus(); });
    yes.addEventListener("click", () => { yes.disabled = true; forgetConversation(); });
    bar.append(start, confirmBox);
    return bar;
  }
  const forgetBar = makeForgetBar();
  function placeForgetBar() {
    const header = mount.querySelector(".rw-header");
    if (header && header.parentNode && forgetBar.previousSibling !== header) {
      header.parentNode.insertBefore(forgetBar, header.nextSibling);
    }
  }
  listeners.push((message) => {
    if (findPayload(message, [DELETED_TYPE])) setTimeout(finishForget, 300);
  });

  const api = {
    version: VERSION,
    element: mount,
    open() {
      if (!mount.querySelector(".rw-conversation-container")) {
        const launcher = mount.querySelector(".rw-launcher");
        if (launcher) launcher.click();
      }
    },
    onBotMessage(fn) { listeners.push(fn); },
    forgetConversation,
  };

  const onSocketEvent = {
    bot_uttered: (message) => {
      // Let React render the message first, then drop the indicator.
      setTimeout(hideTyping, 0);
      listeners.forEach((fn) => { try { fn(message); } catch (e) { /* ignore */ } });
    },
    disconnect: () => hideTyping(),
    ...(opts.onSocketEvent || {}),
  };

  // The user sent something: text (form submit) or a quick reply.
  mount.addEventListener("submit", (ev) => {
    const field = ev.target && ev.target.querySelector && ev.target.querySelector(".rw-new-message");
    if (field && field.value && field.value.trim()) showTyping();
  }, true);
  mount.addEventListener("click", (ev) => {
    const reply = ev.target && ev.target.closest && ev.target.closest(".rw-reply");
    if (reply && reply.tagName !== "A") showTyping();
  }, true);

  const observer = new MutationObserver(() => {
    if (state.placing) return;
    state.placing = true;
    try {
      enhance(mount);
      if (!typing.hidden) placeTyping();
      placeForgetBar();
    } finally {
      state.placing = false;
    }
  });
  observer.observe(mount, { childList: true, subtree: true });

  ReactDOM.render(
    <Widget
      ref={widgetRef}
      socketUrl={opts.socketUrl}
      socketPath={opts.socketPath}
      title={opts.title}
      subtitle={opts.subtitle}
      initPayload={opts.initPayload || null}
      inputTextFieldHint={opts.inputTextFieldHint}
      customData={opts.customData || {}}
      params={{ storage: opts.storage === "session" ? "session" : "local" }}
      embedded={bool(opts.embedded, false)}
      withRules={false}
      hideWhenNotConnected={false}
      connectingText="Connecting to the assistant…"
      showCloseButton={!bool(opts.embedded, false)}
      customMessageDelay={() => 0}
      customComponent={CustomMessage}
      onSocketEvent={onSocketEvent}
      docViewer={false}
    />,
    mount,
    () => {
      enhance(mount);
      if (bool(opts.openOnLoad, false)) setTimeout(api.open, 0);
    }
  );
  return api;
}

function autoInit() {
  if (!currentScript || !currentScript.hasAttribute("data-socket-url")) return;
  const d = currentScript.dataset;
  const start = () => {
    window.TwitchChat.instance = init({
      socketUrl: d.socketUrl,
      socketPath: d.socketPath || undefined,
      title: d.title || undefined,
      subtitle: d.subtitle || undefined,
      initPayload: d.initPayload !== undefined ? d.initPayload : undefined,
      inputTextFieldHint: d.placeholder || undefined,
      storage: d.storage || undefined,
      embedded: d.embedded,
      openOnLoad: d.open,
      selector: d.selector || undefined,
      stylesheet: d.stylesheet || undefined,
    });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}

// Renders one assessment card into an element (for pages that want to show
// the card outside the chat, and for the card tests).
export function renderCard(element, payload) {
  const card = payload && payload.type === "visit_summary"
    ? <SummaryCard payload={payload} />
    : <AssessmentCard payload={payload} />;
  ReactDOM.render(card, element);
}

export { cardModel, findAssessment, findPayload };

if (typeof window !== "undefined") {
  window.TwitchChat = { init, renderCard, cardModel, findAssessment, findPayload, version: VERSION };
  autoInit();
}
