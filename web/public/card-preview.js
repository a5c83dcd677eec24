// Renders example payloads (docs/DESIGN.md, "The payload") for each triage level.
(function () {
  var base = {
    type: "twitch_assessment",
    twitch_type: "fasciculation",
    red_flags: [],
    possible_causes: [{ id: "benign_triggers", text: "Caffeine, stress, tiredness and exercise are common triggers.",
      source: { title: "Muscle twitches", section: "Common causes" } }],
    facts: { location: "left eyelid", onset: "a week", frequency: "a few times a day", duration: "a few seconds",
      symptoms_present: [], symptoms_absent: ["weakness"], triggers: [], conditions: [] },
    sources: [{ title: "Muscle twitches", section: "When to see a doctor" }],
    summary: "Twitching: left eyelid\nStarted: a week ago\nHow often: a few times a day\nEach lasts: a few seconds\nWeakness: no\nOther symptoms: none"
  };
  function clone(o) { return JSON.parse(JSON.stringify(o)); }
  var examples = {
    self_care: clone(base),
    see_doctor: Object.assign(clone(base), { triage: "see_doctor", red_flags: [
      { code: "persistent_months", evidence: ["for about 4 months"], explanation: "Twitching that goes on for months is worth a check." }] }),
    see_doctor_soon: Object.assign(clone(base), { triage: "see_doctor_soon", red_flags: [
      { code: "weakness", evidence: ["my grip is <b>weaker</b>", "I drop my cup"], explanation: "Weakness with twitching should be examined by a doctor." }] }),
    emergency: Object.assign(clone(base), { triage: "emergency", twitch_type: "unclear", summary: undefined, red_flags: [
      { code: "emergency_signs", evidence: ["my face is drooping"], explanation: "This can be a sign of a stroke." }] })
  };
  examples.self_care.triage = "self_care";
  examples.visit_summary = { type: "visit_summary", summary: base.summary };
  var root = document.getElementById("cards");
  Object.keys(examples).forEach(function (level) {
    var holder = document.createElement("div");
    holder.id = "card-" + level;
    holder.className = "preview";
    root.appendChild(holder);
    window.TwitchChat.renderCard(holder, examples[level]);
  });
  window.__examples = examples;
})();
