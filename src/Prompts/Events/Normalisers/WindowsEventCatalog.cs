namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// Short descriptions of the Windows event ids analysts meet most, so that a record without a message
/// still tells the model what happened ("Sysmon 10: process access"). Ids outside the table get the
/// channel and number only.
/// </summary>
internal static class WindowsEventCatalog
{
    public const string Sysmon = "Sysmon";
    public const string Security = "Security";
    public const string System = "System";
    public const string PowerShell = "PowerShell";

    private static readonly Dictionary<(string Channel, int Id), string> Descriptions = new()
    {
        [(Sysmon, 1)] = "process create",
        [(Sysmon, 3)] = "network connection",
        [(Sysmon, 5)] = "process terminated",
        [(Sysmon, 7)] = "image loaded",
        [(Sysmon, 8)] = "remote thread created",
        [(Sysmon, 10)] = "process access",
        [(Sysmon, 11)] = "file create",
        [(Sysmon, 12)] = "registry key created or deleted",
        [(Sysmon, 13)] = "registry value set",
        [(Sysmon, 17)] = "pipe created",
        [(Sysmon, 18)] = "pipe connected",
        [(Sysmon, 22)] = "DNS query",
        [(Sysmon, 23)] = "file delete",
        [(Security, 1102)] = "audit log cleared",
        [(Security, 4624)] = "logon",
        [(Security, 4625)] = "failed logon",
        [(Security, 4634)] = "logoff",
        [(Security, 4648)] = "logon with explicit credentials",
        [(Security, 4662)] = "directory service object operation",
        [(Security, 4663)] = "object access attempt",
        [(Security, 4672)] = "special privileges assigned to logon",
        [(Security, 4688)] = "process create",
        [(Security, 4697)] = "service installed",
        [(Security, 4698)] = "scheduled task created",
        [(Security, 4720)] = "user account created",
        [(Security, 4732)] = "member added to security-enabled local group",
        [(Security, 4768)] = "Kerberos TGT requested",
        [(Security, 4769)] = "Kerberos service ticket requested",
        [(Security, 5140)] = "network share accessed",
        [(Security, 5145)] = "network share object checked",
        [(Security, 5156)] = "connection permitted by Windows Filtering Platform",
        [(System, 7045)] = "service installed",
        [(PowerShell, 400)] = "engine started",
        [(PowerShell, 403)] = "engine stopped",
        [(PowerShell, 800)] = "pipeline execution details",
        [(PowerShell, 4103)] = "module logging",
        [(PowerShell, 4104)] = "script block logging",
    };

    /// <summary>The channel's short name: Sysmon, Security, System, PowerShell, or the channel as written.</summary>
    public static string? ShortChannel(string? channel, string? provider)
    {
        if (Contains(channel, "Sysmon") || Contains(provider, "Sysmon"))
        {
            return Sysmon;
        }

        if (Contains(channel, "PowerShell"))
        {
            return PowerShell;
        }

        if (string.Equals(channel, Security, StringComparison.OrdinalIgnoreCase))
        {
            return Security;
        }

        return string.Equals(channel, System, StringComparison.OrdinalIgnoreCase) ? System : channel;
    }

    /// <summary>"Sysmon 1: process create"; "Security 4658" for ids outside the table; "Windows 42" without a channel.</summary>
    public static string Describe(string? shortChannel, int eventId)
    {
        var prefix = $"{shortChannel ?? "Windows"} {eventId}";
        return shortChannel is not null && Descriptions.TryGetValue((shortChannel, eventId), out var description)
            ? $"{prefix}: {description}"
            : prefix;
    }

    private static bool Contains(string? text, string part) =>
        text is not null && text.Contains(part, StringComparison.OrdinalIgnoreCase);
}
