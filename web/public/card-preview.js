// Renders one real assessment payload per triage level (card-examples.json, written
// by scripts/generate_card_examples.py from the knowledge base) and a visit summary.
(function () {
  var root = document.getElementById("cards");
  fetch("card-examples.json")
    .then(function (response) { return response.json(); })
    .then(function (examples) {
      Object.keys(examples).forEach(function (level) {
        var holder = document.createElement("div");
        holder.id = "card-" + level;
        holder.className = "preview";
        root.appendChild(holder);
        window.TwitchChat.renderCard(holder, examples[level]);
      });
      window.__examples = examples;
    });
})();
