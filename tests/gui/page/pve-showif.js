/* The user, in PVE's own web UI (added to the page by the test's server, after
 * everything pveproxy's page loads): logs in, opens Datacenter -> App Store, finds the
 * template config.template (one with show_if parameters), opens its install window,
 * turns the controlling parameter config.control off and on again with a click on its
 * checkbox, reports which parameters the form shows each time, and closes the window
 * (nothing installed). Reports each step, every browser error and the outcome to the
 * server (POST /__test/result). */
(function() {
    let { post, config, waitFor, one, ofClass, click, type, steps, step, login,
	clickButton, openDatacenter } = window.pveUser;
    PVE.pvesmbgw.appstoreBase = config.appstoreBase;


    let run = async () => {
	await login();

	let dc = await openDatacenter();
	let menu = dc.down('treelist');
	click(menu.getItem(menu.getStore().findNode('id', 'pvesmbgw-appstore')).el.dom);
	let store = await waitFor('the App Store', () => one('pvesmbgwAppStore'));
	let grid = store.down('pvesmbgwAppStoreTemplates');
	await waitFor('the templates', () => grid.getStore().getCount() > 0);
	type(grid.down('#search'), config.template);
	let rec = await waitFor('the template', () => grid.getStore().getCount() === 1 &&
	    grid.getStore().getAt(0).data.id === config.template && grid.getStore().getAt(0));
	let row = grid.getView().getNode(rec);
	click(row.querySelector('.x-grid-cell') || row);
	step('app store');
	await clickButton(grid, '#details', 'the Details button');
	let detail = await waitFor('the detail window', () => ofClass('window', PVE.pvesmbgw.AppStoreDetail));
	await clickButton(detail, '#installButton', 'the Install button');
	let win = await waitFor('the install window', () => ofClass('window', PVE.pvesmbgw.AppStoreInstall));
	step('install: ' + win.getTitle());
	let shownParams = () => win.form.getForm().getFields().getRange()
	    .filter(f => f.paramName && f.isVisible(true)).map(f => f.paramName);
	let control = await waitFor('the controlling field',
	    () => win.down('field[paramName=' + config.control + ']'));
	let shown = [[control.getValue(), shownParams()]];
	for (let i = 0; i < 2; i++) {
	    let before = control.getValue();
	    click(control.inputEl.dom);
	    await waitFor('the click to take', () => control.getValue() !== before);
	    shown.push([control.getValue(), shownParams()]);
	}
	post({ shown });
	step('toggled');
	win.close();
	await waitFor('the install window to close', () => win.destroyed || !win.isVisible());
	detail.close();
	step('closed');
    };
    Ext.onReady(() => {
	run().then(() => post({ done: true, steps }),
	    e => post({ done: false, steps, exception: String(e) + '\n' + (e.stack || '') }));
    });
})();
