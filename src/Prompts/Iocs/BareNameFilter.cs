using System.Collections.Frozen;

namespace Llama3Siem.Prompts.Iocs;

/// <summary>
/// Tells file names, code identifiers and sentence joins apart from host names when a dotted name stands
/// alone in event text (not in a URL, not after <c>@</c>, not defanged). All rules are deliberately
/// conservative about real domains:
/// <list type="number">
/// <item>A two-label name whose last label is a file extension that is also a TLD (<c>run.py</c>,
/// <c>readme.md</c>, <c>archive.zip</c>) is a file name. Extensions that are far more common as TLDs in
/// security data (<c>.ai</c>, <c>.app</c>, <c>.cc</c>, <c>.ml</c>, <c>.ws</c>) are not in that set.</item>
/// <item>A name whose next-to-last label is a document or executable extension is a double-extension file
/// name (<c>invoice.pdf.zip</c>).</item>
/// <item>A name whose last label is written in Pascal case (<c>System.Net.Security</c>, <c>WScript.Shell</c>,
/// <c>done.Review</c>) is a type name or two sentences joined without a space; hosts are written in one case.
/// So is a name whose last label is upper-case after lower-case letters (<c>Microsoft.NET</c>).</item>
/// <item>A name of three or more labels that starts with <c>com</c>, <c>org</c>, <c>net</c>, <c>java</c>,
/// <c>javax</c>, <c>android</c> or <c>androidx</c> is a Java/Android package name (reversed domain).</item>
/// <item>A log field name: the first label is a common field root of ECS, Sysmon or Windows event data
/// (<c>user</c>, <c>host</c>, <c>file</c>, ...) and the last one a field leaf that happens to be a TLD
/// (<c>user.email</c>, <c>host.name</c>, <c>event.id</c>). Real hosts such as <c>file.io</c> keep their TLD.</item>
/// <item>A few technology names that happen to end in a TLD (<c>ASP.NET</c>, <c>wscript.shell</c>).</item>
/// </list>
/// </summary>
internal static class BareNameFilter
{
    private static readonly FrozenSet<string> FileExtensionTopLevels = FrozenSet.Create(
        StringComparer.Ordinal,
        "zip", "mov", "sh", "py", "pl", "pm", "so", "md", "rs", "java", "ps", "cab", "one", "pub", "run", "mk", "tf", "data");

    private static readonly FrozenSet<string> InnerFileExtensions = FrozenSet.Create(
        StringComparer.Ordinal,
        "pdf", "doc", "docx", "docm", "xls", "xlsx", "xlsm", "ppt", "pptx", "rtf", "txt", "csv", "jpg", "jpeg", "png",
        "gif", "bmp", "exe", "scr", "dll", "tar", "zip", "rar", "7z", "iso", "img", "html", "htm", "mp3", "mp4", "js",
        "vbs", "hta", "lnk", "bat", "cmd", "ps1", "msi", "jar", "one", "svg", "eml");

    private static readonly FrozenSet<string> PackageRoots = FrozenSet.Create(
        StringComparer.Ordinal, "com", "org", "net", "java", "javax", "android", "androidx");

    private static readonly FrozenSet<string> FieldRoots = FrozenSet.Create(
        StringComparer.Ordinal,
        "user", "host", "source", "destination", "client", "server", "process", "file", "event", "dns", "url", "network",
        "agent", "observer", "related", "winlog", "log", "http", "tls", "rule", "threat", "cloud", "container", "service",
        "registry", "group", "organization", "email", "error", "ecs", "device", "geo", "os", "package", "data", "alert",
        "sysmon", "message", "parent", "target", "subject");

    private static readonly FrozenSet<string> FieldLeavesThatAreTopLevels = FrozenSet.Create(
        StringComparer.Ordinal, "email", "id", "host", "name", "data", "network", "app", "group", "directory", "link", "security", "page");

    private static readonly FrozenSet<string> TechnologyNames = FrozenSet.Create(
        StringComparer.Ordinal, "asp.net", "vb.net", "ado.net", "wscript.shell", "adodb.stream");

    /// <param name="original">The candidate as written (case preserved, no trailing dot).</param>
    /// <param name="normalized">The same candidate lower-case.</param>
    public static bool IsNotAHost(ReadOnlySpan<char> original, string normalized)
    {
        if (TechnologyNames.Contains(normalized))
        {
            return true;
        }

        var lastDot = normalized.LastIndexOf('.');
        var tld = normalized[(lastDot + 1)..];
        var labelCount = normalized.AsSpan().Count('.') + 1;
        if (labelCount == 2 && FileExtensionTopLevels.Contains(tld))
        {
            return true;
        }

        if (FieldLeavesThatAreTopLevels.Contains(tld) && FieldRoots.Contains(normalized[..normalized.IndexOf('.')]))
        {
            return true;
        }

        if (labelCount >= 3)
        {
            var previousDot = normalized.LastIndexOf('.', lastDot - 1);
            if (InnerFileExtensions.Contains(normalized[(previousDot + 1)..lastDot]))
            {
                return true;
            }

            if (PackageRoots.Contains(normalized[..normalized.IndexOf('.')]))
            {
                return true;
            }
        }

        var originalTld = original[(original.LastIndexOf('.') + 1)..];
        return IsPascalCase(originalTld) || IsUpperCaseAfterLowerCase(original, originalTld);
    }

    // Microsoft.NET, Contoso.IO: a product written in mixed case with a capitalised suffix, not a host.
    private static bool IsUpperCaseAfterLowerCase(ReadOnlySpan<char> original, ReadOnlySpan<char> tld) =>
        tld.IndexOfAnyInRange('a', 'z') < 0 && original[..^tld.Length].IndexOfAnyInRange('a', 'z') >= 0;

    private static bool IsPascalCase(ReadOnlySpan<char> label) =>
        label.Length >= 2 && char.IsAsciiLetterUpper(label[0]) && label[1..].IndexOfAnyInRange('A', 'Z') < 0 && label[1..].IndexOfAnyInRange('a', 'z') >= 0;
}
