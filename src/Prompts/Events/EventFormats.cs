namespace Llama3Siem.Prompts.Events;

/// <summary>The event shapes the normalisers recognise.</summary>
public static class EventFormats
{
    public const string Ecs = "ecs";
    public const string Windows = "windows";
    public const string CloudTrail = "cloudtrail";
    public const string SuricataEve = "suricata";
    public const string Syslog = "syslog";
    public const string Cef = "cef";
    public const string Generic = "generic";
}
