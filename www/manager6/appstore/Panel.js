/*
 * pvesmbgw App Store: the Datacenter -> App Store pane (templates and installed
 * apps), added to PVE's Datacenter navigation at load time.
 */

Ext.define('PVE.pvesmbgw.AppStore', {
    extend: 'Ext.tab.Panel',
    alias: 'widget.pvesmbgwAppStore',

    onlineHelp: undefined,

    initComponent: function() {
	let me = this;
	me.items = [
	    {
		xtype: 'pvesmbgwAppStoreTemplates',
		itemId: 'templates',
		onInstalled: () => me.down('#installed').reload(),
	    },
	    {
		xtype: 'pvesmbgwAppStoreInstalled',
		itemId: 'installed',
	    },
	];
	me.callParent();
	me.on('afterrender', function() {
	    me.down('#templates').reload();
	    me.down('#installed').reload();
	}, me, { single: true });
    },
});

// Datacenter -> App Store: PVE.dc.Config builds its items in initComponent and hands
// them to PVE.panel.Config's initComponent (which makes the navigation tree), so the
// entry is added there, for the Datacenter panel only, after "Storage" (else at the
// end). Works with PVE 8's and 9's dc/Config.js alike.
Ext.define(null, {
    override: 'PVE.panel.Config',

    initComponent: function() {
	let me = this;
	if (me instanceof PVE.dc.Config && Ext.isArray(me.items) &&
	    !me.items.some(i => i.itemId === 'pvesmbgw-appstore') &&
	    PVE.pvesmbgw.AppStoreApi.caps().audit) {
	    let entry = {
		xtype: 'pvesmbgwAppStore',
		title: gettext('App Store'),
		iconCls: 'fa fa-shopping-bag',
		itemId: 'pvesmbgw-appstore',
	    };
	    let at = me.items.findIndex(i => i.itemId === 'storage');
	    if (at < 0) {
		me.items.push(entry);
	    } else {
		me.items.splice(at + 1, 0, entry);
	    }
	}
	me.callParent(arguments);
    },
});
