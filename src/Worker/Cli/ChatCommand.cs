using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Sinks.Reports;
using Llama3Siem.Worker.Chat;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Hosting;
using Llama3Siem.Worker.Inference;
using Llama3Siem.Worker.Reports.Scheduling;
using Microsoft.Extensions.DependencyInjection;

namespace Llama3Siem.Worker.Cli;

/// <summary>
/// <c>chat [--incident id] [--db path] [--model x.gguf]</c>: a terminal conversation with the same
/// <see cref="ChatService"/> the HTTP API uses, over the incident store and the report store (<c>Reports:StorePath</c>). Questions are read line by line from standard input (the prompt
/// <c>&gt; </c> goes to standard error), answers stream to standard output, each followed by its citations.
/// Ends at end of input or <c>/exit</c>.
/// </summary>
internal static class ChatCommand
{
    public const string ExitCommand = "/exit";

    private static readonly HashSet<string> Flags = [];
    private static readonly HashSet<string> Valued = ["incident", "db", "model"];

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        var cli = CommandLine.Parse(args, Flags, Valued);
        var configuration = new List<string>(cli.ConfigurationArgs);
        if (cli.Value("db") is { } db)
        {
            configuration.Add($"--{StoreOptions.SectionName}:Sqlite:Path={db}");
        }

        if (cli.Value("model") is { } model)
        {
            configuration.Add($"--{LlamaOptions.SectionName}:ModelPath={model}");
        }

        var builder = WorkerHost.CreateBuilder(configuration);
        builder.Services.AddLlama3SiemChat();
        builder.Services.AddLlama3SiemReportStore(builder.Configuration);
        var host = builder.Build();

        // The stores are IAsyncDisposable only: the host must be disposed asynchronously.
        await using var hostDisposal = (IAsyncDisposable)host;
        WorkerHost.ValidateConfiguration(host);
        var cancellationToken = CancellationToken.None;
        var store = host.Services.GetRequiredService<IIncidentStore>();
        await store.InitializeAsync(cancellationToken);
        await host.Services.GetRequiredService<IReportStore>().InitializeAsync(cancellationToken);
        var incidentId = cli.Value("incident");
        if (incidentId is not null && await store.GetAsync(incidentId, cancellationToken) is null)
        {
            await error.WriteLineAsync($"No incident with id '{incidentId}'.");
            return Llama3SiemCli.Failure;
        }

        var chat = host.Services.GetRequiredService<ChatService>();
        var user = "cli:" + Environment.UserName;
        string? conversationId = null;
        while (true)
        {
            await error.WriteAsync("> ");
            await error.FlushAsync(cancellationToken);
            var line = await input.ReadLineAsync(cancellationToken);
            if (line is null || line.Trim() == ExitCommand)
            {
                break;
            }

            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                var request = new ChatRequest([new ChatMessage(ChatTurn.User, line)], conversationId, incidentId);
                await foreach (var item in chat.StreamAsync(request, user, cancellationToken))
                {
                    if (item.Answer is { } answer)
                    {
                        conversationId = answer.ConversationId;
                        await output.WriteLineAsync();
                        await output.WriteLineAsync("citations: " + (answer.Citations.Count == 0 ? "none" : string.Join(", ", answer.Citations)));
                    }
                    else
                    {
                        await output.WriteAsync(item.Text);
                    }

                    await output.FlushAsync(cancellationToken);
                }
            }
            catch (ChatRequestException invalid)
            {
                await error.WriteLineAsync(invalid.Message);
            }
        }

        return Llama3SiemCli.Success;
    }
}
