/* Check-in page: keep the scanner's input focused and empty between scans, and read
   QR codes from the phone's camera with jsQR. A USB barcode scanner types the code
   and Enter, which submits the form (htmx posts it and shows the verdict). */
(function () {
  "use strict";
  var form = document.getElementById("scan-form");
  if (!form) { return; }
  var input = document.getElementById("token");
  var button = document.getElementById("camera-button");
  var box = document.getElementById("camera-box");
  var video = document.getElementById("camera");
  var canvas = document.getElementById("camera-canvas");
  var status = document.getElementById("camera-status");
  var stream = null;
  var lastCode = "";
  var lastAt = 0;

  function ready() {
    input.value = "";
    input.focus();
  }

  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt === form) { ready(); }
  });
  // Once the room is chosen, back to the scanner's input: a scan typed into the
  // room list would pick another room.
  var room = document.getElementById("room");
  if (room) { room.addEventListener("change", ready); }

  // A scan that gets no verdict must say so in red: htmx swaps nothing on an error,
  // and the last person's green verdict would stay on screen.
  var verdict = document.getElementById("verdict");
  function fromScan(event) {
    return event.detail.elt === form || event.detail.target === verdict;
  }
  function failed() {
    verdict.innerHTML = document.getElementById("scan-failed").innerHTML;
  }
  // The last person's verdict goes as soon as the next scan leaves: a slow answer
  // must never look like this one's.
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (fromScan(event)) { verdict.innerHTML = ""; }
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    if (fromScan(event)) { failed(); }
  });
  document.body.addEventListener("htmx:sendError", function (event) {
    if (fromScan(event)) { failed(); }
  });
  // Signed out meanwhile: the answer is the sign-in page, not a verdict.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var url = event.detail.xhr.responseURL || "";
    if (fromScan(event) && url.indexOf("/login") !== -1) {
      event.detail.shouldSwap = false;
      failed();
    }
  });

  function submit(code) {
    input.value = code;
    if (typeof form.requestSubmit === "function") { form.requestSubmit(); } else { form.submit(); }
  }

  function tick() {
    if (!stream) { return; }
    if (video.readyState === video.HAVE_ENOUGH_DATA) {
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      var context = canvas.getContext("2d", { willReadFrequently: true });
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var code = window.jsQR(image.data, image.width, image.height, { inversionAttempts: "dontInvert" });
      var now = Date.now();
      // The same badge stays in front of the camera for a while: one scan per 3 seconds.
      if (code && code.data && (code.data !== lastCode || now - lastAt > 3000)) {
        lastCode = code.data;
        lastAt = now;
        submit(code.data);
      }
    }
    window.requestAnimationFrame(tick);
  }

  function stop() {
    if (stream) { stream.getTracks().forEach(function (t) { t.stop(); }); }
    stream = null;
    box.classList.add("d-none");
    button.textContent = button.dataset.start;
    ready();
  }

  button.addEventListener("click", function () {
    if (stream) { stop(); return; }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      box.classList.remove("d-none");
      status.textContent = "No camera available in this browser (it needs HTTPS).";
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
      .then(function (s) {
        stream = s;
        video.srcObject = s;
        video.play();
        box.classList.remove("d-none");
        status.textContent = "";
        button.textContent = button.dataset.stop;
        window.requestAnimationFrame(tick);
      })
      .catch(function (error) {
        box.classList.remove("d-none");
        status.textContent = "Camera refused: " + error.message;
      });
  });

  ready();
})();
