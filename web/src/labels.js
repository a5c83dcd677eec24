// Plain-language wording for the codes of the `twitch_assessment` payload
// (docs/DESIGN.md, "The payload"). Pure data + pure functions: unit-tested
// by tests/browser/test_card_unit.py through the built bundle.

// NHS care-card conventions: non-urgent = blue, urgent = red,
// immediate action = red heading on a dark card. The level is always said in
// words too (never colour only). Only the level's name lives here: what to do,
// and why, comes in the payload from the knowledge base (every health statement
// traces to the articles), never from this file.
export const TRIAGE = {
  self_care: { level: "non-urgent", label: "Non-urgent advice" },
  see_doctor: { level: "non-urgent", label: "Non-urgent advice" },
  see_doctor_soon: { level: "urgent", label: "Urgent advice" },
  emergency: { level: "immediate", label: "Immediate action required" },
};

// Names only; the description of each type comes in the payload.
export const TWITCH_TYPES = {
  fasciculation: "Fasciculation (muscle twitch)",
  cramp: "Cramp",
  spasticity: "Spasticity",
  clonus: "Clonus",
  unclear: "Not clear from the description",
};

export const RED_FLAGS = {
  weakness: "Weakness",
  muscle_wasting: "Muscle looks smaller (wasting)",
  bulbar_symptoms: "Trouble speaking, swallowing or a hoarse voice",
  tongue_twitching: "Twitching of the tongue",
  rhythmic_jerking: "Rhythmic jerking",
  stiffness_spasticity: "Stiffness or spasms",
  persistent_months: "Going on for months",
  disrupts_daily_life: "Getting in the way of daily life or sleep",
  sudden_focal_onset: "Started suddenly in one place",
  emergency_signs: "Signs of an emergency",
};

export function humanize(code) {
  if (code === null || code === undefined) return "";
  return String(code).replace(/[_-]+/g, " ").replace(/^\s*\w/, (c) => c.toUpperCase());
}

export function triageInfo(code) {
  return TRIAGE[code] || { level: "non-urgent", label: "Advice" };
}

export function twitchTypeLabel(code) {
  return TWITCH_TYPES[code] || humanize(code || "unknown");
}

export function redFlagLabel(code) {
  return RED_FLAGS[code] || humanize(code);
}

function asList(value) {
  if (value === null || value === undefined || value === "") return [];
  if (Array.isArray(value)) return value;
  return [value];
}

function asText(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "object" && typeof value.text === "string") return value.text;
  return "";
}

function sourceText(source) {
  if (!source) return "";
  if (typeof source === "string") return source;
  const title = asText(source.title);
  const section = asText(source.section);
  if (title && section) return title + ": " + section;
  return title || section;
}

// Finds the `twitch_assessment` payload in a socket.io bot message, whatever
// way Rasa wrapped it (flat when the action sends json_message={"data": ...},
// or under custom / data / payload / attachment.payload).
export const PAYLOAD_TYPES = ["twitch_assessment", "visit_summary", "emergency", "emergency_advice"];

export function findAssessment(message) {
  return findPayload(message, ["twitch_assessment"]);
}

export function findPayload(message, types = PAYLOAD_TYPES) {
  const seen = new Set();
  const queue = [message];
  while (queue.length) {
    const item = queue.shift();
    if (!item || typeof item !== "object" || seen.has(item)) continue;
    seen.add(item);
    if (types.indexOf(item.type) >= 0) return item;
    for (const key of ["custom", "data", "payload", "attachment", "json_message"]) {
      if (item[key] && typeof item[key] === "object") queue.push(item[key]);
    }
  }
  return null;
}

// Turns the raw payload into the plain view model the card renders.
// Everything returned is a string or a list of strings/plain objects of strings.
export function cardModel(payload) {
  const p = payload || {};
  const triageCode = p.triage || (String(p.type || "").startsWith("emergency") ? "emergency" : "");
  const triage = triageInfo(triageCode);
  const nextSteps = asList(p.next_steps || p.what_to_do || p.advice).map(asText).filter(Boolean);
  const redFlags = asList(p.red_flags).map((flag) => {
    const f = typeof flag === "string" ? { code: flag } : flag || {};
    return {
      code: asText(f.code),
      label: redFlagLabel(f.code),
      evidence: asList(f.evidence).map(asText).filter(Boolean),
      explanation: asText(f.explanation),
    };
  });
  const sourcesSeen = new Set();
  const sources = [];
  const addSource = (s) => {
    const text = sourceText(s);
    if (text && !sourcesSeen.has(text)) {
      sourcesSeen.add(text);
      sources.push({ text, url: s && typeof s.url === "string" && /^https?:\/\//.test(s.url) ? s.url : "" });
    }
  };
  asList(p.sources).forEach(addSource);
  const causes = asList(p.possible_causes).map((c) => {
    if (c && typeof c === "object" && c.source) addSource(c.source);
    return asText(c);
  }).filter(Boolean);
  let summary = p.summary;
  if (summary && typeof summary === "object") summary = summary.text;
  return {
    triageCode: asText(triageCode) || "unknown",
    triageLevel: triage.level,
    triageLabel: triage.label,
    triageHeading: asText(p.triage_label),
    twitchType: asText(p.twitch_type_label) || twitchTypeLabel(p.twitch_type),
    twitchTypeText: asText(p.twitch_type_text),
    redFlags,
    nextSteps,
    causes,
    sources,
    summary: typeof summary === "string" ? summary.trim() : "",
  };
}
