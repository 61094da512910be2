// The node's dashboard: reads the public API and meters, streams /api/v1/events and
// /api/v1/messages/stream, and sends the operator's actions with the token kept in sessionStorage.
// Everything from the node or its peers is inserted as text (textContent), never as HTML.
'use strict';

const TOKEN_KEY = 'overlay.apiToken';
const REFRESH_MS = 2000;
const BANS_REFRESH_MS = 5000;
const MAP_REFRESH_MS = 15000;
const CHART_POINTS = 60;
const FEED_ITEMS = 200;

const $ = (id) => document.getElementById(id);

function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
}

function shortId(id) {
    return id ? id.slice(0, 12) + '…' : '—';
}

function duration(seconds) {
    const d = Math.floor(seconds / 86400), h = Math.floor(seconds % 86400 / 3600);
    const m = Math.floor(seconds % 3600 / 60), s = seconds % 60;
    return (d ? d + 'd ' : '') + (d || h ? h + 'h ' : '') + (d || h || m ? m + 'm ' : '') + s + 's';
}

function bytes(n) {
    const units = ['B', 'KB', 'MB', 'GB', 'TB'];
    let i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return (i ? n.toFixed(1) : n) + ' ' + units[i];
}

function time(instant) {
    return instant ? new Date(instant).toLocaleTimeString() : '';
}

// ---- token and actions ----

function token() {
    return sessionStorage.getItem(TOKEN_KEY);
}

function showTokenState() {
    const has = !!token();
    $('token-state').textContent = has ? 'Token set: actions enabled.' : 'No token: read-only.';
    document.querySelectorAll('.needs-token').forEach((b) => { b.disabled = !has; });
}

function report(text, ok) {
    const result = $('action-result');
    result.textContent = text;
    result.className = ok ? 'ok' : 'error';
}

async function act(method, path, body, done) {
    const headers = { 'Authorization': 'Bearer ' + token() };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    try {
        const response = await fetch(path, {
            method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        });
        if (response.ok) {
            report(done, true);
            refresh();
            return true;
        }
        let detail = response.status + ' ' + response.statusText;
        try {
            const problem = await response.json();
            detail = response.status + ': ' + (problem.detail || problem.title || detail);
        } catch (ignored) { /* not a problem document */ }
        report(response.status === 401 ? 'The token was refused (401). Paste the node\'s API token.' : detail, false);
    } catch (e) {
        report('Request failed: ' + e.message, false);
    }
    return false;
}

function base64(text) {
    const utf8 = new TextEncoder().encode(text);
    let binary = '';
    utf8.forEach((b) => { binary += String.fromCharCode(b); });
    return btoa(binary);
}

function text(payload) {
    try {
        const raw = atob(payload);
        const utf8 = Uint8Array.from(raw, (c) => c.charCodeAt(0));
        return new TextDecoder('utf-8', { fatal: true }).decode(utf8);
    } catch (e) {
        return 'base64: ' + payload;
    }
}

function wireActions() {
    $('token-form').addEventListener('submit', (e) => {
        e.preventDefault();
        sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
        $('token').value = '';
        showTokenState();
    });
    $('token-forget').addEventListener('click', () => {
        sessionStorage.removeItem(TOKEN_KEY);
        showTokenState();
    });
    $('connect-form').addEventListener('submit', (e) => {
        e.preventDefault();
        const endpoint = $('connect-endpoint').value.trim();
        report('Connecting to ' + endpoint + '…', true);
        act('POST', '/api/v1/peers', { endpoint }, 'Connected to ' + endpoint + '.');
    });
    $('publish-form').addEventListener('submit', async (e) => {
        e.preventDefault();
        const topic = $('publish-topic').value.trim();
        if (await act('POST', '/api/v1/messages', { topic, payload: base64($('publish-payload').value) },
            'Published on ' + topic + '.')) {
            $('publish-payload').value = '';
        }
    });
    $('ban-form').addEventListener('submit', (e) => {
        e.preventDefault();
        const address = $('ban-address').value.trim();
        act('POST', '/api/v1/resources/bans', {
            address, durationSeconds: Number($('ban-duration').value), reason: $('ban-reason').value,
        }, 'Banned ' + address + '.');
    });
}

// ---- periodic reads ----

async function get(path) {
    const response = await fetch(path, { headers: { 'Accept': 'application/json' } });
    if (!response.ok) throw new Error(path + ' answered ' + response.status);
    return response.json();
}

async function meter(name, direction) {
    const response = await fetch('/actuator/metrics/' + name + '?tag=direction:' + direction);
    if (response.status === 404) return 0; // not registered until the first frame of its kind
    if (!response.ok) throw new Error(name + ' answered ' + response.status);
    const body = await response.json();
    const count = body.measurements.find((m) => m.statistic === 'COUNT' || m.statistic === 'TOTAL');
    return count ? count.value : 0;
}

function showNode(node) {
    $('node-id').textContent = node.nodeId;
    $('node-network').textContent = node.networkId;
    $('node-endpoint').textContent = node.advertisedEndpoint || node.peerEndpoint;
    $('node-version').textContent = node.version;
    $('node-uptime').textContent = duration(node.uptimeSeconds);
    const p = node.peers;
    $('node-peers').textContent = p.active + ' active (' + p.inbound + ' in, ' + p.outbound + ' out) of '
        + p.maxPeers + (p.handshaking ? ', ' + p.handshaking + ' handshaking' : '');
}

function disconnectButton(peer) {
    const button = el('button', 'Disconnect', 'needs-token');
    button.type = 'button';
    button.disabled = !token();
    button.setAttribute('aria-label', 'Disconnect ' + peer.nodeId);
    button.addEventListener('click', () => act('DELETE', '/api/v1/peers/' + encodeURIComponent(peer.nodeId),
        undefined, 'Disconnected ' + shortId(peer.nodeId) + '.'));
    return button;
}

// A table whose button has the keyboard focus is left as it is until the focus moves on, so that
// refreshing never pulls the focus away from an operator tabbing through it.
function focusedIn(tableId) {
    return $(tableId).contains(document.activeElement);
}

function showPeers(peers) {
    const body = document.querySelector('#peers tbody');
    if (focusedIn('peers')) return;
    const rows = peers.map((peer) => {
        const row = el('tr');
        row.dataset.nodeId = peer.nodeId || '';
        const id = el('td', shortId(peer.nodeId), 'mono');
        if (peer.nodeId) id.title = peer.nodeId;
        row.append(id, el('td', peer.state.toLowerCase()), el('td', peer.direction.toLowerCase()),
            el('td', peer.listeningEndpoint || peer.remoteAddress, 'mono'),
            el('td', peer.latencyMillis == null ? '—' : peer.latencyMillis.toFixed(1) + ' ms', 'num'),
            el('td', peer.messagesIn + ' / ' + peer.messagesOut, 'num'),
            el('td', bytes(peer.bytesIn) + ' / ' + bytes(peer.bytesOut), 'num'));
        const action = el('td');
        if (peer.nodeId && peer.state === 'ACTIVE') action.append(disconnectButton(peer));
        row.append(action);
        return row;
    });
    body.replaceChildren(...rows);
    $('peers-empty').hidden = peers.length > 0;
}

function showSquelch(report) {
    const c = report.counters;
    $('squelch-summary').textContent = (report.enabled ? 'Squelching on, ' + report.selectedPeers
        + ' sources kept per origin. ' : 'Squelching off. ') + 'Received ' + c.received + ', duplicates '
        + c.duplicates + ', squelches sent ' + c.squelchesSent + ', lifted ' + c.squelchesLifted + '.';
    const rows = report.origins.map((origin) => {
        const row = el('tr');
        row.append(el('td', shortId(origin.origin), 'mono'),
            el('td', origin.selected.map(shortId).join(', ') || '—', 'mono'),
            el('td', origin.squelched.map((s) => shortId(s.peer) + ' (' + time(s.until) + ')').join(', ') || '—',
                'mono'),
            el('td', origin.messagesCounted, 'num'));
        return row;
    });
    document.querySelector('#squelch tbody').replaceChildren(...rows);
}

function showBans(bans) {
    if (focusedIn('bans')) return;
    const rows = bans.map((ban) => {
        const row = el('tr');
        const lift = el('button', 'Lift', 'needs-token');
        lift.type = 'button';
        lift.disabled = !token();
        lift.setAttribute('aria-label', 'Lift the ban on ' + ban.address);
        lift.addEventListener('click', () => act('DELETE', '/api/v1/resources/bans/'
            + encodeURIComponent(ban.address), undefined, 'Lifted the ban on ' + ban.address + '.'));
        const action = el('td');
        action.append(lift);
        row.append(el('td', ban.address, 'mono'), el('td', new Date(ban.until).toLocaleString()),
            el('td', ban.reason), action);
        return row;
    });
    document.querySelector('#bans tbody').replaceChildren(...rows);
}

// ---- charts (Apache ECharts) ----

const charts = {};
const series = {};
let previous = null;

function lineChart(id, names) {
    const chart = echarts.init($(id), null, { renderer: 'svg' });
    chart.setOption({
        aria: { enabled: true },
        animation: false,
        grid: { left: 56, right: 12, top: 28, bottom: 28 },
        legend: { top: 0, textStyle: { color: '#1a1d21' } },
        tooltip: { trigger: 'axis' },
        xAxis: { type: 'time', splitNumber: 3, axisLabel: { color: '#4a5260', hideOverlap: true } },
        yAxis: { type: 'value', min: 0, axisLabel: { color: '#4a5260' } },
        color: ['#0b57d0', '#b3261e', '#146c2e'],
        series: names.map((name) => ({ name, type: 'line', showSymbol: false, data: [] })),
    });
    charts[id] = chart;
    series[id] = names.map(() => []);
}

function plot(id, now, values) {
    const data = series[id];
    values.forEach((v, i) => {
        data[i].push([now, v]);
        if (data[i].length > CHART_POINTS) data[i].shift();
    });
    charts[id].setOption({
        xAxis: { min: now - CHART_POINTS * REFRESH_MS, max: now },
        series: data.map((d) => ({ data: d })),
    });
}

function plotRates(sample) {
    if (previous && typeof echarts !== 'undefined') {
        const seconds = (sample.at - previous.at) / 1000;
        const rate = (key) => Math.max(0, (sample[key] - previous[key]) / seconds);
        plot('chart-messages', sample.at, [rate('messagesIn'), rate('messagesOut')]);
        plot('chart-bytes', sample.at, [rate('bytesIn'), rate('bytesOut')]);
        plot('chart-duplicates', sample.at, [rate('duplicates')]);
        plot('chart-squelches', sample.at, [rate('squelchesSent'), rate('squelchesLifted')]);
    }
    previous = sample;
}

// ---- neighbourhood map ----

let map;

function showNeighbourhood(view) {
    const nodes = new Map();
    const links = [];
    const add = (id, category, label) => {
        if (!nodes.has(id)) nodes.set(id, { id, name: label || shortId(id), category, symbolSize: [28, 20, 12][category] });
    };
    add(view.nodeId, 0, 'this node');
    const list = [];
    view.peers.forEach((peer) => {
        add(peer.nodeId, 1);
        links.push({ source: view.nodeId, target: peer.nodeId });
        peer.peers.forEach((far) => {
            if (far.nodeId !== view.nodeId) add(far.nodeId, 2);
            links.push({ source: peer.nodeId, target: far.nodeId });
        });
        const item = el('li', shortId(peer.nodeId) + ' (' + peer.direction + '): ' + (peer.crawlError
            ? 'peers unknown, ' + peer.crawlError
            : peer.peers.length + ' peers: ' + peer.peers.map((p) => shortId(p.nodeId)).join(', ')));
        list.push(item);
    });
    $('map-text').replaceChildren(...(list.length ? list : [el('li', 'No active peers.')]));
    if (typeof echarts === 'undefined') return;
    if (!map) map = echarts.init($('map'), null, { renderer: 'svg' });
    map.setOption({
        aria: { enabled: true },
        tooltip: { formatter: (p) => (p.dataType === 'node' ? p.data.id : '') },
        legend: { data: ['this node', 'peer', 'peer of a peer'], textStyle: { color: '#1a1d21' } },
        series: [{
            type: 'graph', layout: 'force', roam: true, draggable: true,
            force: { repulsion: 160, edgeLength: 70 },
            label: { show: true, position: 'right', color: '#1a1d21', fontSize: 11 },
            categories: [{ name: 'this node' }, { name: 'peer' }, { name: 'peer of a peer' }],
            color: ['#0b57d0', '#146c2e', '#7a4b00'],
            data: [...nodes.values()], links,
        }],
    });
}

// ---- streams ----

function prepend(listId, item) {
    const list = $(listId);
    list.prepend(item);
    while (list.children.length > FEED_ITEMS) list.lastChild.remove();
}

const EVENT_TYPES = ['peer-activated', 'peer-disconnected', 'handshake-rejected', 'slots-full', 'ban-added',
    'ban-lifted', 'squelch-sent', 'squelch-lifted'];

function streamEvents() {
    const source = new EventSource('/api/v1/events');
    EVENT_TYPES.forEach((type) => source.addEventListener(type, (e) => {
        const event = JSON.parse(e.data);
        const item = el('li');
        const details = Object.entries(event.details || {})
            .map(([k, v]) => k + '=' + (typeof v === 'string' && v.length === 64 ? shortId(v) : v)).join(' ');
        item.append(el('span', time(event.at) + ' ', 'meta'), el('strong', event.type), ' ' + details);
        prepend('events', item);
    }));
}

function streamMessages() {
    const source = new EventSource('/api/v1/messages/stream');
    source.addEventListener('message', (e) => {
        const message = JSON.parse(e.data);
        const item = el('li');
        item.dataset.id = message.id;
        item.append(el('span', time(message.receivedAt) + ' · ' + message.topic + ' · from '
            + (message.fromPeer ? shortId(message.fromPeer) : 'this node') + ' · origin '
            + shortId(message.origin), 'meta'), el('div', text(message.payload), 'payload'));
        prepend('messages', item);
    });
}

// ---- loop ----

async function refresh() {
    try {
        const [node, peers, squelch, messagesIn, messagesOut, bytesIn, bytesOut] = await Promise.all([
            get('/api/v1/node'), get('/api/v1/peers'), get('/api/v1/squelch'),
            meter('overlay.traffic.messages', 'in'), meter('overlay.traffic.messages', 'out'),
            meter('overlay.traffic.bytes', 'in'), meter('overlay.traffic.bytes', 'out')]);
        showNode(node);
        showPeers(peers);
        showSquelch(squelch);
        plotRates({
            at: Date.now(), messagesIn, messagesOut, bytesIn, bytesOut, duplicates: squelch.counters.duplicates,
            squelchesSent: squelch.counters.squelchesSent, squelchesLifted: squelch.counters.squelchesLifted,
        });
        $('connection-state').textContent = 'Updated ' + new Date().toLocaleTimeString() + '.';
        $('connection-state').className = 'muted';
    } catch (e) {
        $('connection-state').textContent = 'Cannot reach the node: ' + e.message;
        $('connection-state').className = 'error';
    }
}

async function refreshBans() {
    try {
        showBans(await get('/api/v1/resources/bans'));
    } catch (e) { /* the main refresh reports an unreachable node */ }
}

async function refreshMap() {
    try {
        showNeighbourhood(await get('/api/v1/neighbourhood'));
    } catch (e) {
        $('map-text').replaceChildren(el('li', 'Neighbourhood unavailable: ' + e.message));
    }
}

document.addEventListener('DOMContentLoaded', () => {
    if (typeof echarts !== 'undefined') {
        lineChart('chart-messages', ['in', 'out']);
        lineChart('chart-bytes', ['in', 'out']);
        lineChart('chart-duplicates', ['duplicates']);
        lineChart('chart-squelches', ['sent', 'lifted']);
        window.addEventListener('resize', () => {
            Object.values(charts).forEach((c) => c.resize());
            if (map) map.resize();
        });
    }
    wireActions();
    showTokenState();
    streamEvents();
    streamMessages();
    refresh();
    refreshBans();
    refreshMap();
    setInterval(refresh, REFRESH_MS);
    setInterval(refreshBans, BANS_REFRESH_MS);
    setInterval(refreshMap, MAP_REFRESH_MS);
});
