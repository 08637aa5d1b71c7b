/*
 * pvesmbgw App Store: the installed instances (GET /instances) with their status,
 * health, version and whether an upgrade is available; Upgrade, Rollback and
 * Uninstall start PVE tasks. Uninstall keeps the data volumes unless "Purge" is
 * checked, which asks once more.
 */

Ext.define('PVE.pvesmbgw.AppStoreUninstall', {
    extend: 'Ext.window.Window',
    alias: 'widget.pvesmbgwAppStoreUninstall',

    width: 450,
    modal: true,
    bodyPadding: 10,
    instance: undefined,
    canPurge: false,
    onDone: undefined,

    initComponent: function() {
	let me = this;
	let name = me.instance.name;
	me.title = Ext.String.format(gettext('Uninstall: {0}'), Ext.htmlEncode(name));
	me.items = [
	    {
		xtype: 'component',
		html: Ext.String.format(
		    gettext('Remove the app {0} and its guest {1}? Its data volumes are kept unless you purge them.'),
		    '<b>' + Ext.htmlEncode(name) + '</b>', Ext.htmlEncode(me.instance.vmid ?? '')),
		padding: '0 0 10 0',
	    },
	    {
		xtype: 'proxmoxcheckbox',
		name: 'purge',
		boxLabel: gettext('Purge: also destroy the data volumes'),
		value: false,
		disabled: !me.canPurge,
	    },
	];
	me.buttons = [
	    {
		text: gettext('Uninstall'),
		itemId: 'uninstallButton',
		handler: function() {
		    let purge = me.down('field[name=purge]').getValue();
		    if (!purge) {
			me.submit(false);
			return;
		    }
		    Ext.Msg.confirm(gettext('Confirm'), Ext.String.format(
			gettext('Purge destroys all data of {0}. This cannot be undone. Continue?'),
			'<b>' + Ext.htmlEncode(name) + '</b>'), function(btn) {
			if (btn === 'yes') {
			    me.submit(true);
			}
		    });
		},
	    },
	    { text: gettext('Cancel'), handler: () => me.close() },
	];
	me.callParent();
    },

    submit: function(purge) {
	let me = this;
	let onDone = me.onDone;
	PVE.pvesmbgw.AppStoreApi.request({
	    method: 'POST',
	    path: '/instances/' + encodeURIComponent(me.instance.name) + '/uninstall',
	    // The app's node: the service there does it (another node's passes it on).
	    params: { purge: purge ? 1 : 0, node: me.instance.node },
	    success: function(upid) {
		me.close();
		PVE.pvesmbgw.AppStoreApi.showTask(upid, ok => Ext.callback(onDone, undefined, [ok]));
	    },
	    failure: function(message) {
		PVE.pvesmbgw.AppStoreApi.showError(message);
	    },
	});
    },
});

Ext.define('PVE.pvesmbgw.AppStoreInstalled', {
    extend: 'Ext.grid.GridPanel',
    alias: 'widget.pvesmbgwAppStoreInstalled',

    title: gettext('Installed'),

    initComponent: function() {
	let me = this;
	let api = PVE.pvesmbgw.AppStoreApi;
	let caps = api.caps();

	me.store = Ext.create('Ext.data.Store', {
	    fields: ['name', 'template', 'version', 'latest', 'vmid', 'guest', 'node',
		'status', 'health', 'upgradable'],
	    sorters: [{ property: 'name', direction: 'ASC' }],
	});

	let selected = () => me.getSelectionModel().getSelection()[0];

	let action = function(verb, title, question) {
	    let rec = selected();
	    if (!rec) {
		return;
	    }
	    let name = rec.data.name;
	    Ext.Msg.confirm(title, Ext.String.format(question, '<b>' + Ext.htmlEncode(name) + '</b>'),
		function(btn) {
		    if (btn !== 'yes') {
			return;
		    }
		    api.request({
			method: 'POST',
			path: '/instances/' + encodeURIComponent(name) + '/' + verb,
			params: { node: rec.data.node },
			success: upid => api.showTask(upid, () => me.reload()),
		    });
		});
	};

	me.tbar = [
	    {
		xtype: 'button',
		text: gettext('Upgrade'),
		itemId: 'upgrade',
		disabled: true,
		hidden: !caps.lifecycle,
		handler: () => action('upgrade', gettext('Upgrade'),
		    gettext('Upgrade {0} to the newest version of its template? A snapshot is taken first.')),
	    },
	    {
		xtype: 'button',
		text: gettext('Rollback'),
		itemId: 'rollback',
		disabled: true,
		hidden: !caps.lifecycle,
		handler: () => action('rollback', gettext('Rollback'),
		    gettext('Roll {0} back to the snapshot taken before its last upgrade?')),
	    },
	    {
		xtype: 'button',
		text: gettext('Uninstall'),
		itemId: 'uninstall',
		disabled: true,
		hidden: !caps.uninstall,
		handler: function() {
		    let rec = selected();
		    if (!rec) {
			return;
		    }
		    Ext.create('PVE.pvesmbgw.AppStoreUninstall', {
			instance: rec.data,
			canPurge: caps.purge,
			autoShow: true,
			onDone: () => me.reload(),
		    });
		},
	    },
	    {
		xtype: 'button',
		text: gettext('Reload'),
		handler: () => me.reload(),
	    },
	];

	let statusIcon = function(value, good) {
	    if (value === undefined || value === null || value === '') {
		return '';
	    }
	    let cls = good.includes(value) ? 'fa-check-circle good'
		: value === 'unknown' ? 'fa-question-circle' : 'fa-times-circle critical';
	    return '<i class="fa fa-fw ' + cls + '"></i> ' + Ext.htmlEncode(value);
	};

	me.columns = [
	    { header: gettext('Name'), dataIndex: 'name', flex: 1, renderer: Ext.htmlEncode },
	    { header: gettext('Template'), dataIndex: 'template', width: 120, renderer: Ext.htmlEncode },
	    { header: gettext('ID'), dataIndex: 'vmid', width: 70 },
	    { header: gettext('Node'), dataIndex: 'node', width: 90, renderer: Ext.htmlEncode },
	    {
		header: gettext('Status'), dataIndex: 'status', width: 100,
		renderer: v => statusIcon(v, ['running']),
	    },
	    {
		header: gettext('Health'), dataIndex: 'health', width: 100,
		renderer: v => statusIcon(v, ['ok', 'healthy']),
	    },
	    { header: gettext('Version'), dataIndex: 'version', width: 90, renderer: Ext.htmlEncode },
	    {
		header: gettext('Upgradable'), dataIndex: 'upgradable', width: 110,
		renderer: (v, md, rec) => v
		    ? '<i class="fa fa-arrow-circle-up"></i> ' + Ext.htmlEncode(rec.data.latest ?? gettext('Yes'))
		    : gettext('No'),
	    },
	];

	me.listeners = {
	    selectionchange: function(sm, sel) {
		let rec = sel[0];
		me.down('#upgrade').setDisabled(!rec || !rec.data.upgradable);
		me.down('#rollback').setDisabled(!rec);
		me.down('#uninstall').setDisabled(!rec);
	    },
	};

	me.callParent();
    },

    reload: function() {
	let me = this;
	PVE.pvesmbgw.AppStoreApi.request({
	    path: '/instances',
	    success: function(data) {
		let sel = me.getSelectionModel().getSelection()[0];
		me.store.loadData(data || []);
		let again = sel && me.store.findRecord('name', sel.data.name, 0, false, true, true);
		if (again) {
		    me.getSelectionModel().select(again);
		} else {
		    me.getSelectionModel().deselectAll();
		}
	    },
	    failure: function(message) {
		me.store.removeAll();
		PVE.pvesmbgw.AppStoreApi.showError(message);
	    },
	});
    },
});
