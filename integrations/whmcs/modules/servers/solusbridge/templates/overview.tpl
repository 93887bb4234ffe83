{* SolusIO server through the billing bridge: state, IP addresses, usage of the period so far. *}
<div class="solusbridge-overview">
{if $error}
    <div class="alert alert-warning">The server's details are unavailable right now. {$error|escape}</div>
{else}
    <table class="table table-striped">
        <tr><th>State</th><td>{$state|escape}</td></tr>
        <tr><th>IP addresses</th><td>{if $ipAddresses}{foreach $ipAddresses as $ip}{$ip|escape}{if !$ip@last}<br>{/if}{/foreach}{else}-{/if}</td></tr>
        {if $usage}
        <tr><th>Usage in {$usage.period|escape} so far</th><td>{$usage.runtimeHours|escape} h, {$usage.totalTokens|escape} tokens{if $billingMode == 'postpaid'}, {$usage.amount|escape}{/if}</td></tr>
        {/if}
    </table>
{/if}
</div>
