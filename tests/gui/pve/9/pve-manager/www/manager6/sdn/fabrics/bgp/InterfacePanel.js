Ext.define('PVE.sdn.Fabric.Bgp.InterfacePanel', {
    extend: 'PVE.sdn.Fabric.InterfacePanel',

    hasIpv4Support: false,
    hasIpv6Support: false,
});
