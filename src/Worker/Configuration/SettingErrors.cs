using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Configuration;

/// <summary>Collects validation failures, each naming the setting as an operator writes it (<c>Store:Kind</c>).</summary>
internal sealed class SettingErrors
{
    private readonly List<string> _errors = [];

    public void Require(bool condition, string setting, string requirement)
    {
        if (!condition)
        {
            _errors.Add($"{setting} {requirement}");
        }
    }

    public ValidateOptionsResult Result() =>
        _errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_errors);
}
