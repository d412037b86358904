namespace Llama3Siem.Worker.Cli;

/// <summary>
/// The parsed command line: a command, its own options (<c>--input x</c>, <c>--json</c>), and configuration
/// overrides (<c>--Section:Key=value</c> or <c>--Section:Key value</c>) that are handed to .NET configuration,
/// where they win over appsettings.json and environment variables.
/// </summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);

    private CommandLine(string command) => Command = command;

    public string Command { get; }

    /// <summary>Configuration overrides in the form .NET's command-line provider reads (<c>--Key=value</c>).</summary>
    public List<string> ConfigurationArgs { get; } = [];

    public bool Has(string option) => _options.ContainsKey(option);

    public string? Value(string option) => _options.GetValueOrDefault(option);

    /// <summary>Parses <paramref name="args"/>; options outside <paramref name="flags"/> and <paramref name="valued"/> are errors.</summary>
    public static CommandLine Parse(string[] args, IReadOnlySet<string> flags, IReadOnlySet<string> valued)
    {
        var command = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "help";
        var parsed = new CommandLine(command);
        for (var i = args.Length > 0 && args[0] == command ? 1 : 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                throw new UsageException($"Unexpected argument '{arg}'.");
            }

            var name = arg[2..];
            string? inlineValue = null;
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals >= 0)
            {
                inlineValue = name[(equals + 1)..];
                name = name[..equals];
            }

            // `urls` is ASP.NET Core's own top-level setting (the API's listening addresses), so it is configuration too.
            if (name.Contains(':', StringComparison.Ordinal) || name == "urls")
            {
                var value = inlineValue ?? (i + 1 < args.Length ? args[++i] : throw new UsageException($"The setting --{name} needs a value."));
                parsed.ConfigurationArgs.Add($"--{name}={value}");
            }
            else if (flags.Contains(name))
            {
                parsed._options[name] = inlineValue ?? "true";
            }
            else if (valued.Contains(name))
            {
                parsed._options[name] = inlineValue ?? (i + 1 < args.Length ? args[++i] : throw new UsageException($"The option --{name} needs a value."));
            }
            else
            {
                throw new UsageException($"Unknown option '--{name}' for '{command}'.");
            }
        }

        return parsed;
    }
}

/// <summary>A command line that cannot be run; the message says why.</summary>
internal sealed class UsageException(string message) : Exception(message);
