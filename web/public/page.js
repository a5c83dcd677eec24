// Demo page behaviour: the "Start the chat" button opens the widget and
// moves the keyboard focus into the message field.
(function () {
  var button = document.getElementById("start-chat");
  if (!button) return;
  button.addEventListener("click", function () {
    var chat = window.TwitchChat && window.TwitchChat.instance;
    if (!chat) return;
    chat.open();
    var tries = 0;
    (function focusField() {
      var field = document.querySelector(".rw-new-message");
      if (field) { field.focus(); return; }
      if (tries++ < 40) setTimeout(focusField, 25);
    })();
  });
})();
