Ext.define('PVE.panel.TagConfig', {
    extend: 'PVE.panel.Config',
    alias: 'widget.pveTagConfig',

    onlineHelp: 'gui_tags',
});
