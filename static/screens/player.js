/* The screen player: plays the screen's current playlist, keeps playing from its cache when the network drops,
   picks up changes at every refresh (30 s by default) and reports in with the plays it showed.

   The key comes in the address's fragment (#key=…, never sent to the server's logs) and is kept in this browser's
   storage; it travels in the X-Screen-Key header. Plays wait in storage until a heartbeat is acknowledged, so
   plays shown while offline are reported when the network is back (the server stores each play once). */
(function () {
  "use strict";

  var body = document.body;
  var stage = document.getElementById("stage");
  var statusDot = document.getElementById("status");
  var config = {
    schedule: body.dataset.scheduleUrl,
    heartbeat: body.dataset.heartbeatUrl,
    worker: body.dataset.workerUrl,
    scope: body.dataset.scope,
    refresh: Number(body.dataset.refresh) || 30
  };
  var KEY_STORE = "cchc-screen-key";
  var SCHEDULE_STORE = "cchc-screen-schedule";
  var QUEUE_STORE = "cchc-screen-plays";
  var MEDIA_CACHE = "cchc-player-media";
  var MAX_QUEUE = 5000;

  var schedule = null;
  var playlist = null;
  var pending = null;
  var index = -1;
  var timer = null;
  var current = null;
  var refused = false;
  var mediaUrls = {};
  var loopTimer = null;

  function readKey() {
    var match = (window.location.hash || "").match(/key=([^&]+)/);
    if (match) {
      var key = decodeURIComponent(match[1]);
      try { window.localStorage.setItem(KEY_STORE, key); } catch (e) { /* private mode */ }
      return key;
    }
    try { return window.localStorage.getItem(KEY_STORE) || ""; } catch (e) { return ""; }
  }

  var key = readKey();

  function store(name, value) {
    try { window.localStorage.setItem(name, JSON.stringify(value)); } catch (e) { /* full: keep going */ }
  }

  function load(name, fallback) {
    try {
      var raw = window.localStorage.getItem(name);
      return raw ? JSON.parse(raw) : fallback;
    } catch (e) {
      return fallback;
    }
  }

  function setOnline(online) {
    body.dataset.online = online ? "1" : "0";
    statusDot.classList.toggle("offline", !online);
  }

  function showMessage(text, isError) {
    clearTimeout(timer);
    stage.textContent = "";
    var box = document.createElement("div");
    box.className = "message" + (isError ? " error" : "");
    box.dataset.testid = "player-message";
    box.textContent = text;
    stage.appendChild(box);
    current = null;
  }

  /* --- Media: fetched with the key, kept in the Cache API (the address carries the slide's version). --- */
  function fetchMedia(url) {
    if (!url) {
      return Promise.resolve("");
    }
    if (mediaUrls[url]) {
      return Promise.resolve(mediaUrls[url]);
    }
    var cachePromise = ("caches" in window) ? window.caches.open(MEDIA_CACHE) : Promise.resolve(null);
    return cachePromise.then(function (cache) {
      var lookup = cache ? cache.match(url) : Promise.resolve(null);
      return lookup.then(function (hit) {
        if (hit) {
          return hit;
        }
        return fetch(url, {headers: {"X-Screen-Key": key}}).then(function (response) {
          if (!response.ok) {
            throw new Error("media " + response.status);
          }
          if (cache) {
            return cache.put(url, response.clone()).then(function () { return response; });
          }
          return response;
        });
      });
    }).then(function (response) {
      return response.blob();
    }).then(function (blob) {
      mediaUrls[url] = URL.createObjectURL(blob);
      return mediaUrls[url];
    });
  }

  function prefetch(list) {
    (list && list.slides || []).forEach(function (slide) {
      if (slide.media_url) {
        fetchMedia(slide.media_url).catch(function () { /* retried when shown */ });
      }
    });
  }

  /* --- Playing --- */
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function brand() {
    var unit = schedule && schedule.screen ? schedule.screen.unit : "";
    return element("div", "brand", "Cải cách hành chính" + (unit ? " · " + unit : ""));
  }

  function render(slide, mediaUrl) {
    var node = element("section", "slide");
    node.dataset.slide = String(slide.id);
    node.dataset.kind = slide.kind;
    node.style.background = slide.background || "#0b3d6e";
    var isImage = mediaUrl && (slide.media_type || "").indexOf("video/") !== 0;
    if (slide.kind === "item") {
      node.classList.add("item");
      if (mediaUrl) {
        var cover = element("img");
        cover.src = mediaUrl;
        cover.alt = "";
        node.appendChild(cover);
      }
      var text = element("div");
      text.appendChild(element("div", "kicker", "Chuyên mục cải cách hành chính"));
      text.appendChild(element("h1", "", slide.title));
      if (slide.text) {
        text.appendChild(element("p", "", slide.text));
      }
      node.appendChild(text);
      node.appendChild(brand());
    } else if (mediaUrl && slide.kind === "video") {
      node.classList.add("media");
      var video = element("video");
      video.src = mediaUrl;
      video.muted = true;
      video.autoplay = true;
      video.playsInline = true;
      video.addEventListener("ended", function () { finish(); });
      node.appendChild(video);
    } else if (isImage) {
      node.classList.add("media");
      var image = element("img");
      image.src = mediaUrl;
      image.alt = slide.title;
      node.appendChild(image);
      if (slide.text) {
        node.appendChild(element("div", "caption", slide.text));
      }
    } else {
      node.appendChild(element("div", "band"));
      node.appendChild(element("h1", "", slide.title));
      if (slide.text) {
        node.appendChild(element("p", "", slide.text));
      }
      node.appendChild(brand());
    }
    return node;
  }

  function recordPlay(slide, started) {
    var seconds = Math.max(0, Math.round((Date.now() - started.getTime()) / 1000));
    var queue = load(QUEUE_STORE, []);
    queue.push({slide: slide.id, started_at: started.toISOString(), duration: seconds});
    if (queue.length > MAX_QUEUE) {
      queue = queue.slice(queue.length - MAX_QUEUE);
    }
    store(QUEUE_STORE, queue);
    body.dataset.plays = String((Number(body.dataset.plays) || 0) + 1);
  }

  function finish() {
    if (!current) {
      return;
    }
    clearTimeout(timer);
    recordPlay(current.slide, current.started);
    current = null;
    advance();
  }

  function advance() {
    if (refused) {
      return;
    }
    if (pending) {
      playlist = pending;
      pending = null;
      index = -1;
    }
    if (!playlist || !playlist.slides || !playlist.slides.length) {
      body.dataset.state = "idle";
      body.dataset.slide = "";
      showMessage("Chưa có nội dung được lên lịch phát vào lúc này.");
      return;
    }
    index = (index + 1) % playlist.slides.length;
    var slide = playlist.slides[index];
    fetchMedia(slide.media_url).catch(function () { return ""; }).then(function (mediaUrl) {
      if (refused) {
        return;
      }
      var previous = stage.querySelectorAll(".slide, .message");
      var node = render(slide, mediaUrl);
      stage.appendChild(node);
      window.requestAnimationFrame(function () { node.classList.add("visible"); });
      window.setTimeout(function () {
        previous.forEach(function (old) { old.remove(); });
      }, 700);
      body.dataset.state = "playing";
      body.dataset.slide = String(slide.id);
      body.dataset.playlist = String(playlist.id);
      current = {slide: slide, started: new Date()};
      timer = window.setTimeout(finish, Math.max(3, Number(slide.duration) || 10) * 1000);
    });
  }

  function apply(data) {
    schedule = data;
    if (data.refresh_seconds && data.refresh_seconds !== config.refresh) {
      config.refresh = data.refresh_seconds;
      startLoop();
    }
    var next = data.playlist;
    if (!next) {
      pending = null;
      playlist = null;
      if (!current) {
        advance();
      } else {
        pending = {id: 0, version: "", slides: []};
      }
      return;
    }
    if (playlist && playlist.version === next.version && !pending) {
      return;
    }
    prefetch(next);
    if (!playlist || !current) {
      playlist = next;
      pending = null;
      index = -1;
      if (!current) {
        advance();
      }
    } else {
      pending = next; /* switch at the end of the slide on screen */
    }
  }

  /* --- Offline: choose among the assigned playlists by their rules, on the server's clock (Vietnam time). --- */
  var clockOffset = 0;
  var PARTS = new Intl.DateTimeFormat("en-GB", {timeZone: "Asia/Ho_Chi_Minh", year: "numeric", month: "2-digit",
    day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false, weekday: "short"});
  var WEEKDAY = {Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7};

  function vietnamNow() {
    var parts = {};
    PARTS.formatToParts(new Date(Date.now() + clockOffset)).forEach(function (part) { parts[part.type] = part.value; });
    var hour = parts.hour === "24" ? "00" : parts.hour;
    return {date: parts.year + "-" + parts.month + "-" + parts.day, weekday: WEEKDAY[parts.weekday],
            time: hour + ":" + parts.minute + ":" + parts.second};
  }

  function covers(rules, now) {
    if (rules.start_date && now.date < rules.start_date) { return false; }
    if (rules.end_date && now.date > rules.end_date) { return false; }
    if (rules.weekdays && rules.weekdays.indexOf(now.weekday) < 0) { return false; }
    if (!rules.start_time && !rules.end_time) { return true; }
    var start = rules.start_time || "00:00:00";
    if (!rules.end_time) { return now.time >= start; }
    if (start <= rules.end_time) { return now.time >= start && now.time < rules.end_time; }
    return now.time >= start || now.time < rules.end_time;
  }

  function chooseOffline(data) {
    if (!data || !data.playlists) {
      return data ? data.playlist : null;
    }
    var now = vietnamNow();
    var candidates = data.playlists.filter(function (item) { return covers(item.rules, now); });
    candidates.sort(function (a, b) {
      return (b.rules.priority - a.rules.priority) ||
        ((b.rules.start_time || b.rules.end_time ? 1 : 0) - (a.rules.start_time || a.rules.end_time ? 1 : 0)) ||
        (b.id - a.id);
    });
    return candidates.length ? candidates[0] : null;
  }

  function playOffline() {
    var saved = schedule || load(SCHEDULE_STORE, null);
    if (!saved) {
      return false;
    }
    if (saved.server_time && !clockOffset) {
      clockOffset = Date.parse(saved.server_time) - Date.parse(saved.generated_at);
    }
    apply(Object.assign({}, saved, {playlist: chooseOffline(saved)}));
    return true;
  }

  function refuse() {
    refused = true;
    clearTimeout(timer);
    schedule = null;
    playlist = null;
    pending = null;
    current = null;
    try {
      window.localStorage.removeItem(SCHEDULE_STORE);
      window.localStorage.removeItem(QUEUE_STORE);
    } catch (e) { /* ignore */ }
    if ("caches" in window) {
      window.caches.delete(MEDIA_CACHE);
    }
    body.dataset.state = "refused";
    body.dataset.slide = "";
    showMessage("Khóa màn hình không đúng hoặc đã bị thu hồi. Liên hệ đơn vị quản lý màn hình để được cấp khóa mới.",
                true);
  }

  function loadSchedule() {
    return fetch(config.schedule, {headers: {"X-Screen-Key": key, "Accept": "application/json"}, cache: "no-store"})
      .then(function (response) {
        if (response.status === 401 || response.status === 403) {
          refuse();
          return null;
        }
        if (!response.ok) {
          throw new Error("schedule " + response.status);
        }
        return response.json().then(function (data) {
          refused = false;
          setOnline(true);
          store(SCHEDULE_STORE, data);
          if (data.server_time) {
            clockOffset = Date.parse(data.server_time) - Date.now();
          }
          (data.playlists || []).forEach(prefetch);
          apply(data);
        });
      })
      .catch(function () {
        setOnline(false);
        /* The network is down: keep playing from the cache, choosing by the rules of the last schedule. */
        if (!refused && !playOffline()) {
          showMessage("Chưa kết nối được máy chủ. Màn hình sẽ tự thử lại.", true);
        }
      });
  }

  function heartbeat() {
    if (refused) {
      return Promise.resolve();
    }
    var queue = load(QUEUE_STORE, []);
    var batch = queue.slice(0, 1000);
    return fetch(config.heartbeat, {
      method: "POST",
      headers: {"X-Screen-Key": key, "Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify({playlist: playlist ? playlist.id : null, plays: batch})
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        refuse();
        return;
      }
      if (response.ok) {
        setOnline(true);
        var now = load(QUEUE_STORE, []);
        store(QUEUE_STORE, now.slice(batch.length));
        body.dataset.reported = String((Number(body.dataset.reported) || 0) + batch.length);
      }
    }).catch(function () {
      setOnline(false);
    });
  }

  function tick() {
    heartbeat().then(loadSchedule);
  }

  function startLoop() {
    if (loopTimer) {
      window.clearInterval(loopTimer);
    }
    loopTimer = window.setInterval(tick, config.refresh * 1000);
  }

  function registerWorker() {
    if (!("serviceWorker" in navigator)) {
      return;
    }
    navigator.serviceWorker.register(config.worker, {scope: config.scope}).catch(function () { /* no cache */ });
    navigator.serviceWorker.ready.then(function () {
      body.dataset.worker = navigator.serviceWorker.controller ? "active" : "ready";
    });
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      body.dataset.worker = "active";
    });
  }

  if (!key) {
    body.dataset.state = "refused";
    showMessage("Thiếu khóa màn hình: mở trang này bằng địa chỉ có “#key=…” do đơn vị quản lý cung cấp.", true);
    return;
  }
  registerWorker();
  loadSchedule().then(heartbeat);
  startLoop();
}());
