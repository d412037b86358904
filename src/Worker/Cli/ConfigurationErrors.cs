using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Cli;

/// <summary>Recognises exceptions that mean "the configuration is wrong", so they end the command with a clear message.</summary>
internal static class ConfigurationErrors
{
    public static bool TryDescribe(Exception exception, out string message)
    {
        switch (exception)
        {
            case OptionsValidationException validation:
                message = string.Join(Environment.NewLine, validation.Failures.Select(f => "  " + f));
                return true;
            case AggregateException aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException):
                message = string.Join(Environment.NewLine, aggregate.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).Select(f => "  " + f));
                return true;
            // The configuration binder names the setting it could not convert ("at 'Correlation:Window'").
            case InvalidOperationException invalid when invalid.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal):
                message = "  " + invalid.Message;
                return true;
            default:
                message = string.Empty;
                return false;
        }
    }
}
