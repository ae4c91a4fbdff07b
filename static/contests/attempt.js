/* The attempt page: save each answer as soon as it is chosen (one small request), retry when the network drops,
   count down the time left (the server keeps the real clock) and submit when it runs out. Without this script
   the page still works: "Lưu bài" and "Nộp bài" post the whole form. */
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) { return; }
  var saveUrl = form.getAttribute("data-save-url");
  var guessUrl = form.getAttribute("data-guess-url");
  var pending = {};
  var timer = null;

  function stateOf(element) {
    var box = element.closest(".question") || element.closest(".card");
    return box ? box.querySelector(".save-state") : null;
  }

  function say(element, text, ok) {
    var state = stateOf(element);
    if (state) {
      state.textContent = text;
      state.className = "small save-state " + (ok ? "text-success" : "text-danger");
    }
  }

  function post(url, body, element) {
    say(element, "Đang lưu…", true);
    return fetch(url, {
      method: "POST",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify(body),
      credentials: "same-origin"
    }).then(function (response) {
      if (response.ok) {
        say(element, "Đã lưu", true);
        return;
      }
      return response.json().then(function (data) {
        say(element, data.detail || "Không lưu được", false);
        if (data.code === "time_up" || data.code === "finished") { window.location.reload(); }
      });
    }).catch(function () {
      say(element, "Mất kết nối: sẽ lưu lại khi có mạng", false);
      throw new Error("offline");
    });
  }

  function saveQuestion(fieldset) {
    var question = fieldset.getAttribute("data-question");
    var inputs = fieldset.querySelectorAll("input:checked");
    var choices = [];
    for (var i = 0; i < inputs.length; i++) { choices.push(parseInt(inputs[i].value, 10)); }
    pending[question] = choices;
    post(saveUrl, {question: parseInt(question, 10), choices: choices}, fieldset).then(function () {
      if (pending[question] === choices) { delete pending[question]; }
    }, function () { /* kept in pending: retried below */ });
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    if (target.id === "guess") {
      post(guessUrl, {guess: target.value === "" ? null : parseInt(target.value, 10)}, target).catch(function () {});
      return;
    }
    var fieldset = target.closest(".question");
    if (fieldset) { saveQuestion(fieldset); }
  });

  window.setInterval(function () {
    Object.keys(pending).forEach(function (question) {
      var fieldset = form.querySelector('.question[data-question="' + question + '"]');
      if (fieldset) { saveQuestion(fieldset); }
    });
  }, 5000);

  var clock = document.getElementById("timer");
  if (clock) {
    var end = Date.now() + parseInt(clock.getAttribute("data-seconds"), 10) * 1000;
    var tick = function () {
      var left = Math.max(0, Math.round((end - Date.now()) / 1000));
      var minutes = Math.floor(left / 60);
      var seconds = left % 60;
      clock.textContent = "Còn " + minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left === 0) {
        window.clearInterval(timer);
        var button = document.getElementById("submit-button");
        if (form.requestSubmit && button) { form.requestSubmit(button); } else if (button) { button.click(); }
      }
    };
    tick();
    timer = window.setInterval(tick, 1000);
  }
})();
