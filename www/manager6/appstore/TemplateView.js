/*
 * pvesmbgw App Store: the template grid (GET /templates, the node's index cache) with
 * a search field and a category filter, and a template's detail (GET /templates/{id})
 * from which the install window opens.
 */

Ext.define('PVE.pvesmbgw.AppStoreDetail', {
    extend: 'Ext.window.Window',
    alias: 'widget.pvesmbgwAppStoreDetail',

    width: 640,
    modal: true,
    layout: 'fit',
    template: undefined, // GET /templates/{id}'s data
    canInstall: false,
    onInstalled: undefined,

    initComponent: function() {
	let me = this;
	let t = me.template;
	let api = PVE.pvesmbgw.AppStoreApi;
	let enc = Ext.htmlEncode;
	me.title = Ext.String.format(gettext('App: {0}'), enc(t.name || t.id));
	let rows = [
	    [gettext('Name'), enc(t.name)],
	    [gettext('ID'), enc(t.id)],
	    [gettext('Version'), enc(t.version)],
	    [gettext('Category'), enc(t.category)],
	    [gettext('Type'), t.guest === 'vm' ? gettext('Virtual Machine') : gettext('LXC Container')],
	    [gettext('Cores'), enc(t.cores)],
	    [gettext('Memory'), enc(api.formatSize(t.memory, 'MiB'))],
	    [gettext('Disk'), enc(api.formatSize(t.disk, 'GiB'))],
	    [gettext('HA profile'), enc(t.ha_profile)],
	    [gettext('Repository'), enc(t.repo)],
	    [gettext('Signed'), t.signed ? gettext('Yes') : gettext('No')],
	];
	let html = '<table class="pvesmbgw-appstore-detail">' + rows.map(
	    r => '<tr><td style="padding-right:15px"><b>' + r[0] + '</b></td><td>' + (r[1] ?? '') +
		'</td></tr>').join('') + '</table>';
	if (t.description) {
	    html += '<p>' + enc(t.description) + '</p>';
	}
	let params = t.parameters || [];
	if (params.length) {
	    html += '<b>' + gettext('Parameters') + '</b><ul>' + params.map(p => '<li><code>' +
		enc(p.name) + '</code> (' + enc(p.type) + (p.required ? ', ' + gettext('required') : '') +
		')' + (p.description ? ': ' + enc(p.description) : '') + '</li>').join('') + '</ul>';
	}
	let volumes = t.volumes || [];
	if (volumes.length) {
	    html += '<b>' + gettext('Volumes') + '</b><ul>' + volumes.map(v => '<li><code>' +
		enc(v.name) + '</code>' + (v.mount ? ' → ' + enc(v.mount) : '') +
		(v.size ? ' (' + enc(v.size) + ')' : '') + '</li>').join('') + '</ul>';
	}
	me.items = [{
	    xtype: 'component',
	    itemId: 'detail',
	    padding: 10,
	    scrollable: true,
	    maxHeight: 500,
	    html: html,
	}];
	me.buttons = [
	    {
		text: gettext('Install'),
		itemId: 'installButton',
		disabled: !me.canInstall,
		handler: function() {
		    me.close();
		    Ext.create('PVE.pvesmbgw.AppStoreInstall', {
			template: t,
			autoShow: true,
			onInstalled: me.onInstalled,
		    });
		},
	    },
	    {
		text: gettext('Close'),
		handler: () => me.close(),
	    },
	];
	me.callParent();
    },
});

Ext.define('PVE.pvesmbgw.AppStoreTemplates', {
    extend: 'Ext.grid.GridPanel',
    alias: 'widget.pvesmbgwAppStoreTemplates',

    title: gettext('Templates'),
    onInstalled: undefined,

    initComponent: function() {
	let me = this;
	let api = PVE.pvesmbgw.AppStoreApi;
	let caps = api.caps();

	me.store = Ext.create('Ext.data.Store', {
	    fields: ['id', 'repo', 'name', 'category', 'version', 'description', 'guest',
		'cores', 'memory', 'disk', 'ha_profile', 'signed'],
	    sorters: [{ property: 'name', direction: 'ASC' }],
	});

	let applyFilter = function() {
	    let text = (me.down('#search').getValue() || '').toLowerCase();
	    let category = me.down('#category').getValue();
	    me.store.clearFilter();
	    me.store.filterBy(function(rec) {
		if (category && rec.data.category !== category) {
		    return false;
		}
		if (!text) {
		    return true;
		}
		return ['id', 'name', 'category', 'description', 'repo'].some(
		    k => String(rec.data[k] ?? '').toLowerCase().includes(text));
	    });
	};

	let openDetail = function() {
	    let rec = me.getSelectionModel().getSelection()[0];
	    if (!rec) {
		return;
	    }
	    let id = rec.data.repo && rec.data.repo !== 'builtin'
		? rec.data.repo + '/' + rec.data.id : rec.data.id;
	    me.setLoading(true);
	    api.request({
		path: '/templates/' + encodeURIComponent(id),
		success: function(data) {
		    me.setLoading(false);
		    Ext.create('PVE.pvesmbgw.AppStoreDetail', {
			template: Ext.apply({}, data, rec.data),
			canInstall: caps.install,
			autoShow: true,
			onInstalled: me.onInstalled,
		    });
		},
		failure: function(message) {
		    me.setLoading(false);
		    api.showError(message);
		},
	    });
	};
	me.openDetail = openDetail;

	me.tbar = [
	    {
		xtype: 'button',
		text: gettext('Details'),
		itemId: 'details',
		disabled: true,
		handler: openDetail,
	    },
	    {
		xtype: 'button',
		text: gettext('Reload'),
		handler: () => me.reload(),
	    },
	    '->',
	    {
		xtype: 'combobox',
		itemId: 'category',
		fieldLabel: gettext('Category'),
		labelWidth: 70,
		editable: false,
		queryMode: 'local',
		displayField: 'text',
		valueField: 'value',
		value: '',
		store: { fields: ['value', 'text'], data: [{ value: '', text: gettext('All') }] },
		listeners: { change: applyFilter },
	    },
	    {
		xtype: 'textfield',
		itemId: 'search',
		emptyText: gettext('Search'),
		width: 200,
		listeners: { change: { fn: applyFilter, buffer: 250 } },
	    },
	];

	me.columns = [
	    { header: gettext('Name'), dataIndex: 'name', flex: 1, renderer: Ext.htmlEncode },
	    { header: gettext('Category'), dataIndex: 'category', width: 110, renderer: Ext.htmlEncode },
	    { header: gettext('Version'), dataIndex: 'version', width: 90, renderer: Ext.htmlEncode },
	    {
		header: gettext('Type'), dataIndex: 'guest', width: 70,
		renderer: v => v === 'vm' ? gettext('VM') : gettext('CT'),
	    },
	    { header: gettext('Cores'), dataIndex: 'cores', width: 60 },
	    {
		header: gettext('Memory'), dataIndex: 'memory', width: 90,
		renderer: v => Ext.htmlEncode(api.formatSize(v, 'MiB')),
	    },
	    {
		header: gettext('Disk'), dataIndex: 'disk', width: 80,
		renderer: v => Ext.htmlEncode(api.formatSize(v, 'GiB')),
	    },
	    { header: gettext('HA profile'), dataIndex: 'ha_profile', width: 100, renderer: Ext.htmlEncode },
	    { header: gettext('Repository'), dataIndex: 'repo', width: 100, renderer: Ext.htmlEncode },
	    {
		header: gettext('Signed'), dataIndex: 'signed', width: 70,
		renderer: v => v ? '<i class="fa fa-lock"></i> ' + gettext('Yes') : gettext('No'),
	    },
	];

	me.listeners = {
	    itemdblclick: openDetail,
	    selectionchange: function(sm, selected) {
		me.down('#details').setDisabled(!selected.length);
	    },
	};

	me.callParent();
	me.applyFilter = applyFilter;
    },

    reload: function() {
	let me = this;
	PVE.pvesmbgw.AppStoreApi.request({
	    path: '/templates',
	    success: function(data) {
		me.store.loadData(data || []);
		let categories = Ext.Array.unique((data || []).map(t => t.category).filter(c => !!c)).sort();
		me.down('#category').getStore().loadData(
		    [{ value: '', text: gettext('All') }].concat(
			categories.map(c => ({ value: c, text: Ext.htmlEncode(c) }))));
		me.applyFilter();
	    },
	    failure: function(message) {
		me.store.removeAll();
		PVE.pvesmbgw.AppStoreApi.showError(message);
	    },
	});
    },
});
