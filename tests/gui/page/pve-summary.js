/* The user, in PVE's own web UI (added to the page by the test's server, after
 * everything pveproxy's page loads): logs in, opens the node's smbgateway storage
 * (config.storage) in the resource tree, and reads its Summary tab: PVE's own status
 * view and pvesmbgw's share panel below it (PVE.storage.SMBGatewaySummary). Reports
 * each step, the panel's rows (by their smbgw-KEY class), every browser error and the
 * outcome to the server (POST /__test/result). */
(function() {
    let { post, config, waitFor, one, ofClass, click, steps, step, login } = window.pveUser;

    let run = async () => {
	await login();

	let tree = await waitFor('the resource tree', () => one('pveResourceTree'));
	let id = 'storage/' + config.node + '/' + config.storage;
	let rec = await waitFor('the storage in the tree', () => tree.getStore().getNodeById(id));
	// Expand its node (Datacenter -> pve) as a user does, with the expander.
	for (let parent of [rec.parentNode.parentNode, rec.parentNode]) {
	    if (parent.isRoot() && tree.rootVisible === false) continue;
	    if (!parent.isExpanded()) {
		click(tree.getView().getNode(parent).querySelector('.x-tree-expander'));
		await waitFor('the tree to expand', () => parent.isExpanded());
	    }
	}
	let row = await waitFor('the storage row', () => tree.getView().getNode(rec));
	click(row.querySelector('.x-tree-node-text') || row);
	let browser = await waitFor('the storage panel', () => ofClass('panel', PVE.storage.Browser));
	step('storage: ' + browser.down('tbtext').text); // PVE.panel.Config's title
	let summary = await waitFor('the Summary tab', () => one('pveStorageSummary'));
	let panel = await waitFor('the share panel', () => summary.down('pveSMBGatewayStatus'));
	let table = await waitFor('the share panel\'s rows',
	    () => panel.getEl().dom.querySelector('table.smbgw-status'));
	let rows = {};
	for (let tr of table.querySelectorAll('tr')) {
	    let td = tr.querySelector('td');
	    rows[td.className.replace(/^smbgw-/, '')] = [tr.querySelector('th').textContent,
		td.textContent];
	}
	// PVE's own status view above it, from the same /status answer.
	let status = summary.down('pveStorageStatusView');
	await waitFor('PVE\'s status view', () => status.rstore.getCount() > 0);
	post({ panelTitle: panel.title, rows, order: summary.items.getRange().map(c => c.xtype),
	    statusView: status.getEl().dom.textContent });
	panel.getEl().dom.scrollIntoView(); // for the screenshot
	step('summary');
    };
    Ext.onReady(() => {
	run().then(() => post({ done: true, steps }),
	    e => post({ done: false, steps, exception: String(e) + '\n' + (e.stack || '') }));
    });
})();
