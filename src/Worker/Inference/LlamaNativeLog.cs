using LLama.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Llama3Siem.Worker.Inference;

/// <summary>
/// Routes llama.cpp's own log lines to an <see cref="ILogger"/>, quietly. The callback can only be installed
/// before the native library loads (afterwards LLamaSharp throws), so it is installed once, process-wide, and
/// reads the current logger from a field that later loads may replace.
/// </summary>
internal static class LlamaNativeLog
{
    public const string CategoryName = "LLama.Native";

    private static ILogger s_logger = NullLogger.Instance;
    private static int s_installed;
    private static LogLevel s_previousLevel = LogLevel.Trace;

    public static void RouteTo(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Volatile.Write(ref s_logger, loggerFactory.CreateLogger(CategoryName));
        if (Interlocked.Exchange(ref s_installed, 1) == 1)
        {
            return;
        }

        if (NativeLibraryConfig.LLama.LibraryHasLoaded)
        {
            NativeLogConfig.llama_log_set(OnNativeLog);
        }
        else
        {
            NativeLibraryConfig.All.WithLogCallback(OnNativeLog);
        }
    }

    /// <summary>
    /// llama.cpp prints ~200 lines per model load at Info; they belong at Trace. Its warnings are mostly
    /// about sizes and fallbacks (Debug). Only its errors reach Warning: they describe failures, not prompts.
    /// </summary>
    internal static LogLevel Map(LLamaLogLevel level) => level switch
    {
        LLamaLogLevel.Error => LogLevel.Warning,
        LLamaLogLevel.Warning => LogLevel.Debug,
        LLamaLogLevel.Info or LLamaLogLevel.Debug => LogLevel.Trace,
        LLamaLogLevel.Continue => s_previousLevel,
        _ => LogLevel.Trace,
    };

    private static void OnNativeLog(LLamaLogLevel level, string message)
    {
        var mapped = Map(level);
        s_previousLevel = mapped;
        var logger = Volatile.Read(ref s_logger);
        if (!logger.IsEnabled(mapped))
        {
            return;
        }

        var line = message.TrimEnd('\n', '\r');
        if (line.Length > 0)
        {
#pragma warning disable CA1848, CA2254 // The native library's lines are free text; a template would be pointless.
            logger.Log(mapped, "{NativeLine}", line);
#pragma warning restore CA1848, CA2254
        }
    }
}
