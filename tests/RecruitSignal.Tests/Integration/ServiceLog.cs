using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.Logging;
using RecruitSignal.Database;
using Xunit.Sdk;

[assembly: RecruitSignal.Tests.Integration.NoUnhandledExceptions]

namespace RecruitSignal.Tests.Integration;

/// <summary>
/// What the services under test logged as an unhandled exception: a request that fell through to the 500 handler,
/// a background service that stopped, or a worker's round or job that crashed on anything but an unreachable
/// database or one with no writable primary (a failover). Every <see cref="ApiFactory"/> writes here.
/// </summary>
public sealed class ServiceLog : ILoggerProvider
{
    private static long _sequence;

    public static ConcurrentQueue<(long Sequence, string Line, bool WhileProvoked)> Unhandled { get; } = new();

    private static int _provoking;

    /// <summary>
    /// How many tests that provoke an unhandled exception on purpose are running now. Collections run in parallel and
    /// the log is shared, so a line logged meanwhile may be theirs: it is not held against the tests running beside them.
    /// </summary>
    public static void Provoking(int change) => Interlocked.Add(ref _provoking, change);

    public static long Sequence => Interlocked.Read(ref _sequence);

    // The worker messages that carry a crash (Lookups, Webhooks, Infrastructure/PollingService), and the framework's own.
    private static readonly string[] CrashMessages = ["crashed", "loop failed", "failed; retrying", "A round of X lookups failed"];

    private static readonly string[] FrameworkCategories =
        ["Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.Extensions.Hosting.Internal.Host"];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is null || logLevel < LogLevel.Warning || RecruitSignal.Database.Failover.IsNoWritablePrimary(exception) || exception is OperationCanceledException)
            {
                return;
            }

            var message = formatter(state, exception);
            var framework = FrameworkCategories.Any(c => category.StartsWith(c, StringComparison.Ordinal)) && logLevel >= LogLevel.Error;
            var worker = category.StartsWith("RecruitSignal", StringComparison.Ordinal) && CrashMessages.Any(m => message.Contains(m, StringComparison.Ordinal));
            if (framework || worker)
            {
                Unhandled.Enqueue((Interlocked.Increment(ref _sequence), $"{logLevel} {category}: {message}\n{exception}", Volatile.Read(ref _provoking) > 0));
            }
        }
    }
}

/// <summary>A test that provokes an unhandled exception on purpose (a 500 it asserts), which the check after it then allows.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class ExpectsUnhandledExceptionAttribute : Attribute;

/// <summary>
/// After every test of the assembly: the services logged no unhandled exception while it ran. Test collections run
/// in parallel, so a line may come from a test running beside it; the line names what failed either way.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class NoUnhandledExceptionsAttribute : BeforeAfterTestAttribute
{
    // Before and After may run on different async flows: keyed by the test method (a theory's cases run one after another).
    private static readonly ConcurrentDictionary<MethodInfo, long> Start = new();

    public override void Before(MethodInfo methodUnderTest)
    {
        if (Provokes(methodUnderTest))
        {
            ServiceLog.Provoking(+1);
        }

        Start[methodUnderTest] = ServiceLog.Sequence;
    }

    public override void After(MethodInfo methodUnderTest)
    {
        if (Provokes(methodUnderTest))
        {
            ServiceLog.Provoking(-1);
            return;
        }

        var start = Start.TryRemove(methodUnderTest, out var at) ? at : 0;
        var logged = ServiceLog.Unhandled.Where(e => e.Sequence > start && !e.WhileProvoked).Select(e => e.Line).ToList();
        if (logged.Count > 0)
        {
            throw new XunitException($"The service logged {logged.Count} unhandled exception(s) during {methodUnderTest.DeclaringType?.Name}.{methodUnderTest.Name}:\n{string.Join("\n\n", logged.Take(3))}");
        }
    }

    private static bool Provokes(MethodInfo test) =>
        test.GetCustomAttribute<ExpectsUnhandledExceptionAttribute>() is not null
        || test.DeclaringType?.GetCustomAttribute<ExpectsUnhandledExceptionAttribute>() is not null;
}
