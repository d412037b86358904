using System.Globalization;

namespace Llama3Siem.Benchmarks;

/// <summary>The process's resident memory as Linux reports it (model pages mapped from the file included).</summary>
internal static class ProcessMemory
{
    /// <summary>Peak resident set size (VmHWM) in bytes; 0 where /proc is not available.</summary>
    public static long PeakResidentBytes() => ReadStatusKilobytes("VmHWM:") * 1024;

    /// <summary>Current resident set size (VmRSS) in bytes; 0 where /proc is not available.</summary>
    public static long ResidentBytes() => ReadStatusKilobytes("VmRSS:") * 1024;

    private static long ReadStatusKilobytes(string field)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return 0;
        }

        foreach (var line in File.ReadLines(status))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                // "VmHWM:	 1234567 kB"
                var number = line[field.Length..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                return long.Parse(number, CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
