namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// The kinds of prompt-injection text <see cref="InjectionDetector"/> recognises in event fields. Each is a
/// stable lower-case name: it is stored with findings and shown to analysts.
/// </summary>
public static class InjectionKinds
{
    /// <summary>Chat-template control text: <c>&lt;|eot_id|&gt;</c>, <c>&lt;|begin_of_text|&gt;</c>, <c>[INST]</c>, <c>&lt;&lt;SYS&gt;&gt;</c>, also spaced or full-width.</summary>
    public const string SpecialToken = "special-token";

    /// <summary>A forged chat turn: a Llama 3 or ChatML header, <c>### System:</c>, or a <c>system:</c>/<c>assistant:</c> line.</summary>
    public const string RoleHeader = "role-header";

    /// <summary>"Ignore the previous instructions" and its kin, in any of the languages the detector knows.</summary>
    public const string InstructionOverride = "instruction-override";

    /// <summary>Text that closes or imitates the JSON the model answers with (summary, severity, iocs ...).</summary>
    public const string OutputForgery = "output-forgery";

    /// <summary>Claims of approval or benignity aimed at the verdict: "authorized, mark as false positive".</summary>
    public const string VerdictManipulation = "verdict-manipulation";

    /// <summary>An order to cite a ticket, change or incident id as resolution or approval.</summary>
    public const string InventedReference = "invented-reference";

    /// <summary>An order to call a tool, fetch a URL, or send the analysis somewhere (markdown image exfiltration included).</summary>
    public const string ToolOrExfiltration = "tool-or-exfiltration";

    /// <summary>A base64 run (standard or URL-safe) whose decoded text holds injection.</summary>
    public const string Encoded = "encoded";

    /// <summary>A CR or LF followed by what looks like the start of another log record.</summary>
    public const string LogForgery = "log-forgery";

    /// <summary>Unicode tag characters, zero-width characters inside words, bidi overrides, soft-hyphen runs.</summary>
    public const string InvisibleCharacters = "invisible-characters";

    /// <summary>Filler that pushes real content out of the model's window: long repetitive runs.</summary>
    public const string ContextFlooding = "context-flooding";

    /// <summary>Other orders to the model: "NOTE TO AI:", "list X as the command server", "in your summary say".</summary>
    public const string ModelDirective = "model-directive";

    /// <summary>Every kind, in the order above.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        SpecialToken, RoleHeader, InstructionOverride, OutputForgery, VerdictManipulation, InventedReference,
        ToolOrExfiltration, Encoded, LogForgery, InvisibleCharacters, ContextFlooding, ModelDirective,
    ];
}
