/* Skip logic on the survey page: a question asked only when a choice is picked is hidden otherwise.
   Without this script every question shows with its condition written out, and the server ignores
   answers to questions whose condition is not met. */
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) { return; }
  function update() {
    var boxes = form.querySelectorAll(".survey-question[data-show-if]");
    for (var i = 0; i < boxes.length; i++) {
      var choice = boxes[i].getAttribute("data-show-if");
      if (!choice) { continue; }
      var input = document.getElementById("c" + choice);
      var shown = !!(input && input.checked);
      boxes[i].hidden = !shown;
      var note = boxes[i].querySelector(".condition-note");
      if (note) { note.hidden = true; }
    }
  }
  form.addEventListener("change", update);
  update();
})();
