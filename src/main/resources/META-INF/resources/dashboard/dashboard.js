'use strict';

// The live status page: renders the snapshots of GET stream (server-sent events) and, when the gateway's admin API
// is on, offers its actions. Plain DOM, no dependencies; every text from the server goes in through textContent.
(() => {
    const STATE_TEXT = {closed: 'closed', open: 'open', half_open: 'half-open'};
    const STALE_AFTER_MS = 5000;
    const RECONNECT_AFTER_MS = 5000;

    const tiles = new Map();
    let adminToken = null; // kept in this tab's memory only, never in storage
    let lastMessageAt = 0;
    let lastTransitions = '';
    let stream = null;

    const byId = (id) => document.getElementById(id);

    function connect() {
        stream = new EventSource('stream');
        stream.onopen = () => setConnection('live', 'live');
        stream.onmessage = (message) => {
            lastMessageAt = Date.now();
            setConnection('live', 'live');
            render(JSON.parse(message.data));
        };
        stream.onerror = () => {
            setConnection('lost', 'connection lost, reconnecting…');
            if (stream.readyState === EventSource.CLOSED) {
                // the browser gives up on an answer that is not an event stream; keep trying anyway
                setTimeout(connect, RECONNECT_AFTER_MS);
            }
        };
    }

    function setConnection(kind, text) {
        const element = byId('connection');
        element.className = 'connection ' + kind;
        if (element.textContent !== text) {
            element.textContent = text;
        }
    }

    setInterval(() => {
        if (stream && stream.readyState === EventSource.OPEN && lastMessageAt > 0
            && Date.now() - lastMessageAt > STALE_AFTER_MS) {
            setConnection('stale', 'no update for ' + Math.round((Date.now() - lastMessageAt) / 1000) + ' s');
        }
    }, 1000);

    function render(snapshot) {
        byId('replica').textContent = 'replica ' + snapshot.instance;
        setTime(byId('updated'), snapshot.at, 'updated ');
        const open = snapshot.breakers.filter((breaker) => breaker.state !== 'closed' || breaker.held_open).length;
        document.title = (open > 0 ? open + ' not closed · ' : '') + 'Breakwater';
        for (const breaker of snapshot.breakers) {
            renderTile(tileFor(breaker.name), breaker, snapshot.admin_enabled, snapshot.at);
        }
        renderTransitions(snapshot.transitions);
    }

    function tileFor(name) {
        let tile = tiles.get(name);
        if (!tile) {
            tile = byId('tile-template').content.firstElementChild.cloneNode(true);
            tile.dataset.breaker = name;
            tile.querySelector('.name').textContent = name;
            tile.querySelector('.admin').addEventListener('click', (event) => {
                const action = event.target.closest('button')?.dataset.action;
                if (action) {
                    runAdminAction(tile, name, action);
                }
            });
            tiles.set(name, tile);
            byId('breakers').append(tile);
        }
        return tile;
    }

    function renderTile(tile, breaker, adminEnabled, at) {
        tile.className = 'tile ' + breaker.state + (breaker.held_open ? ' held' : '');
        const state = tile.querySelector('.state');
        state.className = 'state ' + breaker.state;
        state.textContent = STATE_TEXT[breaker.state] || breaker.state;
        tile.querySelector('.route').textContent = breaker.route;

        const timing = tile.querySelector('.timing');
        timing.replaceChildren(STATE_TEXT[breaker.state] + ' since ', timeElement(breaker.since));
        if (breaker.state === 'open') {
            const left = document.createElement('strong');
            left.textContent = breaker.retry_after + ' s';
            timing.append(' · trial call in ', left);
        } else if (breaker.state === 'half_open') {
            timing.append(' · the next call is the trial');
        }

        const hold = tile.querySelector('.hold');
        const forcedClosed = breaker.override && breaker.override.action === 'force-close' ? breaker.override : null;
        const held = breaker.held_open;
        hold.hidden = !held && !forcedClosed;
        if (held) {
            hold.replaceChildren('Held open by ' + held.by + ' until ', timeElement(held.until),
                ' (' + held.retry_after + ' s): ' + held.reason);
        } else if (forcedClosed) {
            hold.replaceChildren('Forced closed by ' + forcedClosed.by + ' until ', timeElement(forcedClosed.until),
                ', failures ignored: ' + forcedClosed.reason);
        }

        tile.querySelector('.fail-counter').textContent = breaker.fail_counter + ' / ' + breaker.fail_max
            + (breaker.failure_ratio < 1 ? ' (opens at ' + Math.round(breaker.failure_ratio * 100) + '% failed)' : '')
            + (breaker.slow_call_threshold_ms ? ', slower than ' + breaker.slow_call_threshold_ms + ' ms fails' : '');
        tile.querySelector('.failure-rate').textContent = rate(breaker.rates.last_minute.failures);
        tile.querySelector('.rejected-rate').textContent = rate(breaker.rates.last_minute.rejected);
        renderSparkline(tile.querySelector('.sparkline'), breaker.rates);
        renderEndpoints(tile.querySelector('.endpoints'), breaker.endpoints || [], at);
        renderReplicas(tile.querySelector('.replicas'), breaker.replicas);
        tile.querySelector('.admin').hidden = !adminEnabled;
    }

    function rate(perSecond) {
        return perSecond === 0 ? '0' : perSecond.toFixed(2);
    }

    // Newest value at the right edge; the line spans the time the gateway has sampled, up to the whole window.
    function renderSparkline(figure, rates) {
        const count = Math.max(rates.failures.length, 1);
        const peak = Math.max(...rates.failures, ...rates.rejected, 0);
        const top = Math.max(peak, 1);
        const points = (values) => (values.length === 1 ? [values[0], values[0]] : values).map((value, index, all) => {
            const x = index * 300 / (all.length - 1);
            const y = 46 - value / top * 44;
            return x.toFixed(1) + ',' + y.toFixed(1);
        }).join(' ');
        figure.querySelector('.failures-line').setAttribute('points', points(rates.failures));
        figure.querySelector('.rejected-line').setAttribute('points', points(rates.rejected));
        const seconds = Math.min(count * rates.interval_seconds, rates.window_seconds);
        const window = 'last ' + (seconds >= 120 ? Math.round(seconds / 60) + ' min' : Math.round(seconds) + ' s');
        figure.querySelector('.window').textContent = '· ' + window;
        figure.querySelector('.peak').textContent = '· peak ' + rate(peak) + '/s';
        const latest = (values) => rate(values.length ? values[values.length - 1] : 0);
        figure.querySelector('svg').setAttribute('aria-label', 'Calls per second, ' + window + ': failures now '
            + latest(rates.failures) + ', rejected now ' + latest(rates.rejected) + ', peak ' + rate(peak));
    }

    // One item per endpoint, in the order of the backend's URL; a single endpoint without the summary above it. The
    // seconds an ejection has left count from the snapshot's time, by the gateway's clock rather than the viewer's.
    function renderEndpoints(element, endpoints, at) {
        const ejected = endpoints.filter((endpoint) => endpoint.state === 'ejected').length;
        const summary = element.querySelector('.endpoints-summary');
        summary.hidden = endpoints.length === 1;
        summary.textContent = endpoints.length === 0 ? 'no endpoint found'
            : endpoints.length + ' endpoints: ' + (endpoints.length - ejected) + ' serving'
            + (ejected > 0 ? ', ' + ejected + ' ejected' : '');
        const items = endpoints.map((endpoint) => {
            const item = document.createElement('li');
            item.className = 'endpoint ' + endpoint.state;
            const url = document.createElement('span');
            url.className = 'url';
            url.textContent = endpoint.url;
            const state = document.createElement('span');
            state.className = 'state ' + endpoint.state;
            state.textContent = endpoint.state;
            const detail = document.createElement('span');
            detail.className = 'endpoint-detail';
            if (endpoint.ejected_until) {
                const left = Math.ceil((new Date(endpoint.ejected_until) - new Date(at)) / 1000);
                detail.append('until ', timeElement(endpoint.ejected_until),
                    (left > 0 ? ' (' + left + ' s)' : ' (returning)') + ' · ');
            }
            detail.append(endpoint.calls + ' calls · ' + endpoint.failures + ' failed ('
                + endpoint.consecutive_failures + ' in a row)');
            item.append(url, state, detail);
            return item;
        });
        element.querySelector('ul').replaceChildren(...items);
    }

    function renderReplicas(details, replicas) {
        const counts = {};
        for (const replica of replicas) {
            counts[replica.state] = (counts[replica.state] || 0) + 1;
        }
        details.querySelector('summary').textContent = replicas.length
            + (replicas.length === 1 ? ' replica: ' : ' replicas: ')
            + Object.entries(counts).map(([state, count]) => count + ' ' + (STATE_TEXT[state] || state)).join(', ');
        const items = replicas.map((replica) => {
            const item = document.createElement('li');
            const name = document.createElement('span');
            name.textContent = replica.name + (replica.self ? ' (this one)' : '');
            const state = document.createElement('span');
            state.className = 'state ' + replica.state;
            state.textContent = STATE_TEXT[replica.state] || replica.state;
            const since = document.createElement('span');
            since.append('since ', timeElement(replica.since));
            item.append(name, since, state);
            return item;
        });
        details.querySelector('ul').replaceChildren(...items);
    }

    function renderTransitions(transitions) {
        const source = byId('transitions-source');
        source.className = 'source ' + transitions.source;
        source.textContent = transitions.source === 'redis'
            ? 'From Redis: every replica.'
            : 'From this replica\'s memory (' + transitions.unavailable + ').';
        const key = JSON.stringify(transitions.events);
        if (key === lastTransitions) {
            return;
        }
        lastTransitions = key;
        const rows = transitions.events.map((event) => {
            const row = document.createElement('tr');
            const change = document.createElement('span');
            change.className = 'to-' + event.to;
            change.textContent = (STATE_TEXT[event.from] || event.from) + ' → ' + (STATE_TEXT[event.to] || event.to)
                + (event.override ? ' (' + event.override + ' by ' + event.by + ': ' + event.reason + ')' : '');
            row.append(cell(timeElement(event.at, true)), cell(event.service), cell(change), cell(event.instance));
            return row;
        });
        if (rows.length === 0) {
            const row = document.createElement('tr');
            const empty = cell('no transitions yet');
            empty.colSpan = 4;
            row.append(empty);
            rows.push(row);
        }
        byId('transitions').replaceChildren(...rows);
    }

    function cell(content) {
        const td = document.createElement('td');
        td.append(content);
        return td;
    }

    // the viewer's local time, with the UTC time on hover
    function timeElement(iso, withDate) {
        const element = document.createElement('time');
        setTime(element, iso, '', withDate);
        return element;
    }

    function setTime(element, iso, prefix, withDate) {
        const date = new Date(iso);
        const today = date.toDateString() === new Date().toDateString();
        element.textContent = prefix + (withDate && !today ? date.toLocaleString() : date.toLocaleTimeString());
        element.title = date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace('Z', ' UTC');
        if (element instanceof HTMLTimeElement) {
            element.dateTime = iso;
        }
    }

    // --- admin actions: the gateway's /admin API, with the token asked for once per tab

    async function runAdminAction(tile, name, action) {
        const result = tile.querySelector('.admin-result');
        const path = '../admin/breakers/' + encodeURIComponent(name);
        let request;
        if (action === 'reset') {
            request = {method: 'POST', url: path + '/reset', done: name + ' reset'};
        } else if (action === 'lift') {
            request = {method: 'DELETE', url: path + '/override', done: 'override on ' + name + ' lifted'};
        } else {
            const verb = action === 'force-open' ? 'open' : 'closed';
            const body = await askOverride(name, verb);
            if (!body) {
                return;
            }
            request = {method: 'POST', url: path + '/' + action, body: body, done: name + ' forced ' + verb};
        }
        const token = await askToken();
        if (!token) {
            return;
        }
        showResult(result, 'sending…', false);
        try {
            const response = await fetch(request.url, {
                method: request.method,
                headers: Object.assign({Authorization: 'Bearer ' + token},
                    request.body ? {'Content-Type': 'application/json'} : {}),
                body: request.body ? JSON.stringify(request.body) : undefined,
            });
            if (response.ok) {
                showResult(result, request.done, false);
                return;
            }
            if (response.status === 401 || response.status === 403) {
                adminToken = null;
            }
            showResult(result, await describeFailure(response), true);
        } catch (failure) {
            showResult(result, 'the gateway did not answer: ' + failure.message, true);
        }
    }

    async function describeFailure(response) {
        if (response.status === 401 || response.status === 403) {
            return 'token refused (' + response.status + '); you will be asked again';
        }
        if (response.status === 404 && !response.headers.get('content-type')?.includes('json')) {
            return 'the admin API is off on this replica';
        }
        try {
            const error = await response.json();
            return [error.error, error.detail].filter(Boolean).join(': ') || 'HTTP ' + response.status;
        } catch (notJson) {
            return 'HTTP ' + response.status;
        }
    }

    function showResult(element, text, failed) {
        element.textContent = text;
        element.classList.toggle('error', failed);
    }

    function askToken() {
        if (adminToken) {
            return Promise.resolve(adminToken);
        }
        const dialog = byId('token-dialog');
        const input = dialog.querySelector('input');
        input.value = '';
        return showDialog(dialog).then((confirmed) => {
            adminToken = confirmed && input.value.trim() ? input.value.trim() : null;
            input.value = '';
            return adminToken;
        });
    }

    function askOverride(name, verb) {
        const dialog = byId('override-dialog');
        dialog.querySelector('h2').textContent = 'Force ' + name + ' ' + verb;
        dialog.querySelector('button[value=ok]').textContent = 'Force ' + verb;
        return showDialog(dialog).then((confirmed) => confirmed ? {
            duration_seconds: Number(dialog.querySelector('input[name=duration]').value),
            reason: dialog.querySelector('input[name=reason]').value.trim(),
        } : null);
    }

    function showDialog(dialog) {
        return new Promise((resolve) => {
            dialog.returnValue = '';
            dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), {once: true});
            dialog.showModal();
        });
    }

    // a plain button, so that Enter in a field submits the dialog rather than cancelling it
    for (const cancel of document.querySelectorAll('dialog button[value=cancel]')) {
        cancel.addEventListener('click', () => cancel.closest('dialog').close('cancel'));
    }

    connect();
})();
