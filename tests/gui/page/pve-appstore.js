/* The user, in PVE's own web UI (added to the page by the test's server, after
 * everything pveproxy's page loads): logs in, opens Datacenter -> App Store, searches,
 * opens a template's detail, opens the install window, fills the form generated from
 * the template's parameters (show_if's rules are checked as a function: the simulated
 * node's templates have none; pve-showif.js checks them live on webdav's form), runs the pre-flight, installs, follows PVE's task
 * window and viewer to TASK OK, finds the instance in the Installed grid, gets a
 * rollback refused (its task fails) and uninstalls it with purge. With config.scenario
 * "upgrade", it upgrades an instance the test installed, then rolls it back. The
 * backend is the real App Store daemon on the simulated node; with config.user, a
 * user it refuses (403 at the pre-flight) reads the refusal. Every request the pane
 * sends to the daemon is reported as it left the page (method, URL, headers, body,
 * credentials) with its answer's status. Reports each step, every browser error and the
 * outcome to the server (POST /__test/result). */
(function() {
    let { post, config, sleep, waitFor, one, ofClass, click, type, steps, step, login,
	clickButton, openDatacenter } = window.pveUser;
    // The App Store's base URL: the daemon on its own loopback port (HTTPS).
    PVE.pvesmbgw.appstoreBase = config.appstoreBase;

    // What the pane sends to the daemon, as it leaves the page.
    let xhrOpen = XMLHttpRequest.prototype.open;
    let xhrHeader = XMLHttpRequest.prototype.setRequestHeader;
    let xhrSend = XMLHttpRequest.prototype.send;
    XMLHttpRequest.prototype.open = function(method, url, ...rest) {
	if (String(url).startsWith(config.appstoreBase)) {
	    this.appstoreCall = { method, url: String(url).slice(config.appstoreBase.length),
		headers: {} };
	}
	return xhrOpen.call(this, method, url, ...rest);
    };
    XMLHttpRequest.prototype.setRequestHeader = function(name, value) {
	if (this.appstoreCall) this.appstoreCall.headers[name] = value;
	return xhrHeader.call(this, name, value);
    };
    XMLHttpRequest.prototype.send = function(body) {
	let call = this.appstoreCall;
	if (call) {
	    call.body = body === undefined || body === null ? null : JSON.parse(body);
	    call.withCredentials = this.withCredentials;
	    this.addEventListener('loadend', () => post({ appstoreCall: Object.assign(call,
		{ status: this.status }) }));
	}
	return xhrSend.call(this, body);
    };

    // What waits on the daemon's and the simulator's work (a pre-flight, a task): minutes
    // on a loaded machine.
    const SLOW = 300000;
    let clickRow = (grid, rec) => {
	let row = grid.getView().getNode(rec);
	click(row.querySelector('.x-grid-cell') || row);
    };
    let messageBox = () => {
	let box = Ext.Msg;
	return box.isVisible() ? box : undefined;
    };
    let msgText = () => Ext.Msg.msg ? Ext.Msg.msg.getEl().dom.textContent
	: Ext.Msg.down('displayfield').getEl().dom.textContent;
    // PVE's task window PROGRESS, then its Details: PVE's task viewer, followed until its
    // log ends with TASK OK and PVE's task API says the task stopped (the viewer then
    // tells the pane, which reloads its Installed grid).
    let followTask = async progress => {
	click(progress.down('button').el.dom);
	let viewer = await waitFor('PVE\'s task viewer', () => ofClass('window', Proxmox.window.TaskViewer));
	let logView = viewer.down('proxmoxLogView');
	let log = () => logView.getEl().dom.textContent;
	await waitFor('the task log to end', () => log().includes('TASK OK'), SLOW)
	    .catch(e => { post({ taskLogSoFar: log() }); throw e; });
	let statgrid = viewer.down('proxmoxObjectGrid');
	await waitFor('the task to stop', () => statgrid.getObjectValue('status') === 'stopped', SLOW);
	return { viewer, viewerTitle: viewer.getTitle(), log: log(),
	    exitstatus: statgrid.getObjectValue('exitstatus') };
    };
    // A row of a grid as the user reads it: its cells' text.
    let cells = (grid, rec) => Array.from(grid.getView().getNode(rec)
	.querySelectorAll('.x-grid-cell')).map(c => c.textContent.trim());

    // config.scenario "upgrade": the instance "files" the test installed at 1.2.0, while
    // the node offers its template at 1.3.0. In the Installed grid the user selects it,
    // upgrades it, then rolls it back: each asked and confirmed, followed in PVE's task
    // window and viewer to TASK OK, and read back from the grid at its new version.
    let upgradeAndRollBack = async store => {
	let installed = store.down('pvesmbgwAppStoreInstalled');
	store.setActiveTab(installed);
	let shownAt = version => {
	    let rows = installed.getStore();
	    let rec = rows.getAt(rows.findExact('name', 'files'));
	    return rec && rec.data.version === version && installed.getView().getNode(rec)
		? rec : undefined;
	};
	let enabled = () => ['upgrade', 'rollback', 'uninstall'].filter(
	    b => !installed.down('#' + b).isDisabled());
	let rec = await waitFor('files at 1.2.0', () => shownAt('1.2.0'), SLOW);
	clickRow(installed, rec);
	await waitFor('the selection', () => installed.getSelectionModel().isSelected(rec));
	post({ listed: cells(installed, rec), enabled: enabled() });
	step('installed');
	for (let [verb, title, version, done] of [['upgrade', 'Upgrade', '1.3.0', 'upgraded'],
	    ['rollback', 'Rollback', '1.2.0', 'rolled back']]) {
	    await clickButton(installed, '#' + verb, 'the ' + title + ' button');
	    await waitFor('the question', () => messageBox() && Ext.Msg.getTitle() === title);
	    let question = msgText();
	    click(Ext.Msg.down('button[itemId=yes]').el.dom);
	    let progress = await waitFor('PVE\'s task window', () => ofClass('window', Proxmox.window.TaskProgress), SLOW);
	    let taskTitle = progress.getTitle();
	    let task = await followTask(progress);
	    task.viewer.close();
	    rec = await waitFor('files at ' + version + ' in the grid', () => shownAt(version), SLOW);
	    post({ [verb]: { question, taskTitle, viewerTitle: task.viewerTitle, log: task.log,
		exitstatus: task.exitstatus, listed: cells(installed, rec), enabled: enabled() } });
	    step(done);
	}
    };

    let run = async () => {
	await login(config.user || 'root');

	let dc = await openDatacenter();
	let menu = dc.down('treelist');
	let entries = [];
	menu.getStore().getRoot().cascadeBy(n => { if (n.data.id !== 'root' && n.data.text) entries.push(n.data.text); });
	post({ dcMenu: entries });
	let item = menu.getStore().findNode('id', 'pvesmbgw-appstore');
	click(menu.getItem(item).el.dom);
	let store = await waitFor('the App Store', () => one('pvesmbgwAppStore'));
	let grid = store.down('pvesmbgwAppStoreTemplates');
	await waitFor('the templates', () => grid.getStore().getCount() === 3, SLOW);
	await waitFor('the instances', () => !store.down('pvesmbgwAppStoreInstalled').getStore().isLoading(), SLOW);
	step('app store');
	post({ templateRows: grid.getStore().getRange().map(r => r.data.name) });
	if (config.scenario === 'upgrade') {
	    await upgradeAndRollBack(store);
	    return;
	}

	// Search, then the category filter, then back to all.
	type(grid.down('#search'), 'file service');
	await waitFor('the search to filter', () => grid.getStore().getCount() === 1);
	let found = grid.getStore().getAt(0).data.name;
	type(grid.down('#search'), '');
	await waitFor('the search to clear', () => grid.getStore().getCount() === 3);
	grid.down('#category').setValue('other');
	await waitFor('the category filter', () => grid.getStore().getCount() === 1);
	let nas = grid.getStore().getAt(0).data.name;
	grid.down('#category').setValue('');
	await waitFor('all categories', () => grid.getStore().getCount() === 3);
	type(grid.down('#search'), 'file service');
	await waitFor('the search to filter', () => grid.getStore().getCount() === 1);
	post({ search: found, category: nas, categories:
	    grid.down('#category').getStore().getRange().map(r => r.data.value) });
	step('searched');

	clickRow(grid, grid.getStore().getAt(0));
	await clickButton(grid, '#details', 'the Details button');
	let detail = await waitFor('the detail window', () => ofClass('window', PVE.pvesmbgw.AppStoreDetail), SLOW);
	step('detail: ' + detail.getTitle());
	post({ detail: detail.down('#detail').getEl().dom.textContent });
	// What the user's privileges (PVE's capabilities) let the pane offer.
	let installedGrid = store.down('pvesmbgwAppStoreInstalled');
	post({ offered: { install: !detail.down('#installButton').isDisabled(),
	    installed: ['upgrade', 'rollback', 'uninstall'].filter(
		b => !installedGrid.down('#' + b).isHidden()) } });
	if (config.stopAt === 'detail') { step('stopped'); return; }

	await clickButton(detail, '#installButton', 'the Install button');
	let win = await waitFor('the install window', () => ofClass('window', PVE.pvesmbgw.AppStoreInstall), SLOW);
	step('install: ' + win.getTitle());
	let param = name => win.down('field[paramName=' + name + ']');
	await waitFor('the node', () => win.down('field[name=node]').getValue() === 'pve');
	await waitFor('the storages', () => win.down('field[name=storage]').getStore().getCount() > 0, SLOW);
	win.down('field[name=storage]').setValue('data');
	post({ fields: win.form.getForm().getFields().getRange().filter(f => f.paramName)
	    .map(f => [f.paramName, f.xtype, f.inputType || null]),
	    defaults: win.form.getForm().getFields().getRange().filter(f => f.paramName)
	    .map(f => [f.paramName, f.getValue()]),
	    ha: win.down('field[name=ha]').getValue() });
	step('form');
	// The rules themselves, as pvesmbgw.svc.values.shown: a condition on a hidden
	// (absent) parameter does not hold; = and != compare the typed values.
	let shown = PVE.pvesmbgw.AppStoreParams.shown;
	post({ shownRules: [
	    shown({ show_if: [['auth', '=', true]] }, { auth: true }),
	    shown({ show_if: [['auth', '=', true]] }, { auth: false }),
	    shown({ show_if: [['auth', '=', true]] }, {}),
	    shown({ show_if: [['tls', '!=', 'off']] }, { tls: 'self-signed' }),
	    shown({ show_if: [['tls', '!=', 'off']] }, {}),
	    shown({ show_if: [['port', '=', 8080], ['auth', '=', true]] }, { port: 8080, auth: true }),
	    shown({ show_if: [['port', '=', 8080], ['auth', '=', true]] }, { port: 8081, auth: true }),
	    shown({}, {}),
	] });
	// The HA toggle's default follows the template's HA profile.
	post({ haDefaults: ['optional', 'recommended', 'required'].map(profile => {
	    let w = Ext.create('PVE.pvesmbgw.AppStoreInstall', { template: Ext.apply({},
		{ ha_profile: profile, parameters: [] }, win.template) });
	    let ha = w.down('field[name=ha]');
	    let v = [ha.getValue(), ha.readOnly];
	    w.destroy();
	    return v;
	}) });
	type(win.down('field[name=name]'), 'files');
	type(param('http_port'), 0); // not a port
	post({ portBelowMin: param('http_port').isValid() });
	type(param('http_port'), config.httpPort); // where the health check is answered
	type(param('greeting'), 'Hi There!');
	post({ badPattern: param('greeting').isValid() });
	type(param('greeting'), 'hi there');
	type(param('admin_password'), 's3cret-from-the-form');
	post({ installDisabled: win.down('#installButton').isDisabled() });
	await clickButton(win, '#preflightButton', 'the Pre-flight button');
	if (config.deny) {
	    await waitFor('the refusal', messageBox, SLOW);
	    post({ refusal: msgText(), title: Ext.Msg.getTitle() });
	    step('refused');
	    await sleep(2000); // nothing else may be asked meanwhile
	    post({ installStillDisabled: win.down('#installButton').isDisabled() });
	    return;
	}
	await waitFor('the pre-flight result', () => !win.preflightView.isHidden() && win.preflightOk, SLOW)
	    .catch(e => { post({ preflightError: messageBox() && msgText() }); throw e; });
	post({ preflight: win.preflightView.getEl().dom.textContent });
	step('pre-flight');
	if (config.stopAt === 'preflight') { step('stopped'); return; }
	await clickButton(win, '#installButton', 'the enabled Install button');
	let progress = await waitFor('PVE\'s task window', () => ofClass('window', Proxmox.window.TaskProgress), SLOW);
	post({ taskTitle: progress.getTitle() });
	step('task');
	// The task's log in PVE's task viewer (the progress window's "Details").
	let task = await followTask(progress);
	post({ viewerTitle: task.viewerTitle, taskLog: task.log, exitstatus: task.exitstatus });
	step('task log');
	if (config.stopAt === 'task') { step('stopped'); return; }
	task.viewer.close();
	let installed = store.down('pvesmbgwAppStoreInstalled');
	store.setActiveTab(installed);
	await waitFor('the instance', () => installed.getStore().findExact('name', 'files') >= 0, SLOW);
	let rec = installed.getStore().getAt(installed.getStore().findExact('name', 'files'));
	post({ instance: rec.data });
	step('installed');
	if (config.stopAt === 'installed') { step('stopped'); return; }

	clickRow(installed, rec);
	// Rollback without an upgrade: a task that fails, PVE's task window tells why.
	await clickButton(installed, '#rollback', 'the Rollback button');
	await waitFor('the question', messageBox);
	post({ rollbackQuestion: msgText() });
	click(Ext.Msg.down('button[itemId=yes]').el.dom);
	await waitFor('the error', () => messageBox() && Ext.Msg.getTitle() === 'Task failed', SLOW);
	post({ rollbackError: msgText() });
	click(Ext.Msg.down('button[itemId=ok]').el.dom);
	await waitFor('the error box to close', () => !messageBox());
	step('rollback refused');
	await clickButton(installed, '#uninstall', 'the Uninstall button');
	let un = await waitFor('the uninstall window', () => ofClass('window', PVE.pvesmbgw.AppStoreUninstall));
	post({ purgeDefault: un.down('field[name=purge]').getValue() });
	un.down('field[name=purge]').setValue(true); // the data too: the node as it was
	await clickButton(un, '#uninstallButton', 'the Uninstall button of the window');
	await waitFor('the purge question', () => messageBox() && Ext.Msg.getTitle() === 'Confirm');
	post({ purgeQuestion: msgText() });
	click(Ext.Msg.down('button[itemId=yes]').el.dom);
	let progress2 = await waitFor('PVE\'s task window', () => ofClass('window', Proxmox.window.TaskProgress), SLOW);
	post({ taskTitle2: progress2.getTitle() });
	await waitFor('the uninstall task to end', () => progress2.destroyed || !progress2.isVisible(), SLOW);
	await waitFor('the instance to go', () => installed.getStore().getCount() === 0, SLOW);
	step('uninstalled');
    };
    Ext.onReady(() => {
	run().then(() => post({ done: true, steps }),
	    e => post({ done: false, steps, exception: String(e) + '\n' + (e.stack || '') }));
    });
})();
