using Llama3Siem.Sinks.Incidents;
using Llama3Siem.Sinks.Reports;
using Llama3Siem.Worker.Configuration;
using Llama3Siem.Worker.Inference;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Llama3Siem.Worker.Chat;

/// <summary>Registers the chat channel's core (no HTTP): options, conversation history and <see cref="ChatService"/>.</summary>
internal static class ChatServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ChatOptions"/> (section <c>Chat</c>, validated at start), the conversation store (encrypted
    /// SQLite with <c>Chat:EncryptionKey</c>, else in memory with a Warning, see <see cref="ChatOptions"/>) and
    /// <see cref="ChatService"/>. Needs the store and pipeline registrations (<see cref="IIncidentStore"/>,
    /// <see cref="ModelSession"/>, <see cref="TimeProvider"/>) and <c>IConfiguration</c>, as <c>WorkerHost</c> provides.
    /// Threat reports are retrieved too when an <see cref="IReportStore"/> is registered (<c>AddLlama3SiemReportStore</c>).
    /// </summary>
    public static IServiceCollection AddLlama3SiemChat(this IServiceCollection services)
    {
        services.AddOptions<ChatOptions>().BindConfiguration(ChatOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ChatOptions>, ChatOptionsValidator>();
        services.AddSingleton<IConversationStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ChatOptions>>().Value;
            var timeProvider = sp.GetRequiredService<TimeProvider>();
            if (options.EncryptionKeyBytes() is { } key)
            {
                return new SqliteConversationStore(options.HistoryPath, key, sp.GetRequiredService<ILogger<SqliteConversationStore>>(), timeProvider);
            }

            ChatLog.HistoryInMemoryOnly(sp.GetRequiredService<ILogger<InMemoryConversationStore>>());
            return new InMemoryConversationStore(timeProvider);
        });
        services.AddSingleton(sp =>
        {
            var chat = sp.GetRequiredService<IOptions<ChatOptions>>().Value;
            var llama = sp.GetRequiredService<IOptions<LlamaOptions>>().Value;
            var session = sp.GetRequiredService<ModelSession>();
            return new ChatModel(
                () => session.Model,
                session.Sampling with { MaxTokens = chat.MaxTokens },
                Math.Min(llama.ContextSize, llama.KvCacheTokens));
        });
        services.AddSingleton(sp => new ChatService(
            sp.GetRequiredService<IIncidentStore>(),
            sp.GetRequiredService<IConversationStore>(),
            sp.GetRequiredService<ChatModel>(),
            sp.GetRequiredService<IOptions<ChatOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ChatService>>(),
            sp.GetService<IReportStore>()));
        return services;
    }
}
