/* Self-check quizzes written by reopening.quiz (see reopening/quiz.py for the markup).
 *
 * One copy serves every quiz on a page. In the HTML book it is loaded once from _static; in a
 * live notebook each quiz output carries a copy, and a second copy only sets up the quizzes the
 * first has not seen yet. No network, no maths renderer, no dependencies.
 *
 * - Arrow keys move between the options of a question (the browser's own radio group) and
 *   answer nothing; Enter on an option, Enter in a number box, or the "Check answer" button
 *   checks the answer. Focus stays where it was.
 * - Feedback goes into the question's live region (role="status", aria-live="polite"): it is
 *   emptied, then filled a moment later, so the same words are announced again on a second try.
 *   It says "Correct." or "Not quite." in words, beside a tick or a cross.
 */
(function () {
  "use strict";
  var VERSION = "1";
  if (window.reopeningQuiz && window.reopeningQuiz.version === VERSION) {
    window.reopeningQuiz.initAll();
    return;
  }

  var ANNOUNCE_DELAY_MS = 50;
  var NOT_FOR_THE_PAGE = ["Enter", " ", "ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End"];

  /* A number as a student may type it: "4", " 4.0 ", "-3", "1,250" (thousands), "2,5" (a
   * decimal comma, as some phone keyboards offer), "1/4", "3e2". NaN when it is not a number,
   * null when the box is empty. */
  function parseNumber(text) {
    var s = String(text).replace(/[\s\u00a0\u202f]/g, "").replace(/\u2212/g, "-");
    if (s === "") { return null; }
    var num = "[-+]?(?:\\d+\\.?\\d*|\\.\\d+)";
    if (/^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(s)) {
      s = s.replace(/,/g, "");
    } else if (/^[-+]?\d*,\d+$/.test(s)) {
      s = s.replace(",", ".");
    }
    var fraction = new RegExp("^(" + num + ")/(" + num + ")$").exec(s);
    if (fraction) {
      var denominator = Number(fraction[2]);
      return denominator === 0 ? NaN : Number(fraction[1]) / denominator;
    }
    if (!new RegExp("^" + num + "(?:e[-+]?\\d+)?$", "i").test(s)) { return NaN; }
    return Number(s);
  }

  function sameNumber(given, wanted, precision) {
    if (precision) {
      return Number(given.toPrecision(precision)) === Number(wanted.toPrecision(precision));
    }
    return Math.abs(given - wanted) <= 1e-9 * Math.max(1, Math.abs(wanted));
  }

  function clear(question) {
    var box = question.querySelector(".rq-feedback");
    window.clearTimeout(box._rqTimer);
    box.textContent = "";
    box.className = "rq-feedback";
    question.removeAttribute("data-rq-state");
  }

  /* state: "right", "wrong" or "info" (a request to answer first; no verdict). */
  function say(question, state, message) {
    var box = question.querySelector(".rq-feedback");
    clear(question);
    question.setAttribute("data-rq-state", state);
    box._rqTimer = window.setTimeout(function () {
      box.className = "rq-feedback rq-" + state;
      var mark = document.createElement("span");
      mark.className = "rq-mark";
      mark.setAttribute("aria-hidden", "true");
      mark.textContent = state === "right" ? "\u2713" : state === "wrong" ? "\u2717" : "i";
      box.appendChild(mark);
      var words = document.createElement("span");
      words.className = "rq-words";
      if (state !== "info") {
        var verdict = document.createElement("strong");
        verdict.className = "rq-verdict";
        verdict.textContent = state === "right" ? "Correct." : "Not quite.";
        words.appendChild(verdict);
        words.appendChild(document.createTextNode(" "));
      }
      words.appendChild(document.createTextNode(message));
      box.appendChild(words);
    }, ANNOUNCE_DELAY_MS);
  }

  function checkChoice(question, data) {
    var chosen = question.querySelector("input[type=radio]:checked");
    if (!chosen) {
      say(question, "info", "Choose an answer first, then check it.");
      return;
    }
    var answer = data.answers[Number(chosen.value)];
    say(question, answer.correct ? "right" : "wrong", answer.feedback);
  }

  function checkNumber(question, data) {
    var input = question.querySelector("input");
    var given = parseNumber(input.value);
    if (given === null) {
      say(question, "info", "Type a number first, then check it.");
    } else if (isNaN(given)) {
      say(question, "info", "That is not a number. Type digits, such as 12 or 3.5.");
    } else if (sameNumber(given, data.value, data.precision)) {
      say(question, "right", data.correct_feedback);
    } else {
      say(question, "wrong", data.hint);
    }
  }

  function initQuestion(question, data) {
    var check = function () {
      if (data.type === "numeric") { checkNumber(question, data); } else { checkChoice(question, data); }
    };
    question.querySelector(".rq-check").addEventListener("click", check);
    question.addEventListener("keydown", function (event) {
      // Enter on a button is already a click; on an option or in the number box it checks.
      if (event.key === "Enter" && event.target.tagName === "INPUT") {
        event.preventDefault();
        check();
      }
      // The keys that answer, move or type inside a question are the quiz's own: a notebook page
      // (JupyterLab, the classic Notebook) must not also take them as commands ("1" makes a
      // heading, arrows go to another cell). Tab and Escape still reach the page.
      var typing = event.target.type === "text" && event.key !== "Tab" && event.key !== "Escape";
      if (typing || NOT_FOR_THE_PAGE.indexOf(event.key) !== -1) { event.stopPropagation(); }
    });
    // A new choice or a changed number makes the old feedback stale: remove it, answer nothing.
    question.addEventListener("change", function (event) {
      if (event.target.type === "radio") { clear(question); }
    });
    question.addEventListener("input", function (event) {
      if (event.target.type === "text") { clear(question); }
    });
  }

  function initQuiz(root) {
    if (root.getAttribute("data-rq-ready")) { return; }
    var script = root.querySelector("script.rq-data");
    if (!script) { return; }
    var data = JSON.parse(script.textContent);
    var questions = root.querySelectorAll("fieldset.rq-q");
    for (var i = 0; i < questions.length && i < data.questions.length; i++) {
      initQuestion(questions[i], data.questions[i]);
    }
    root.setAttribute("data-rq-ready", "1");
  }

  function initAll() {
    var quizzes = document.querySelectorAll(".rq-quiz");
    for (var i = 0; i < quizzes.length; i++) { initQuiz(quizzes[i]); }
  }

  window.reopeningQuiz = { version: VERSION, initAll: initAll, parseNumber: parseNumber };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
})();
