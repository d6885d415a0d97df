using System.Reflection;
using StackExchange.Redis;

namespace CartStorage.Reliability.Tests.Chaos;

/// <summary>
/// Fault injection for <see cref="CartStorage.Redis.RedisStorage"/> without touching src/: a <see cref="DispatchProxy"/>
/// over the <see cref="IConnectionMultiplexer"/> whose <c>GetDatabase</c> returns a proxy over <see cref="IDatabase"/>.
/// Every asynchronous database call of a chaos client may fail as StackExchange.Redis fails:
/// <see cref="RedisConnectionException"/> with <see cref="CommandStatus.WaitingToBeSent"/> before the call, or
/// <see cref="RedisTimeoutException"/> with <see cref="CommandStatus.Sent"/> after it ran.
/// </summary>
public class FaultyRedis : DispatchProxy
{
    private static readonly MethodInfo WrapGeneric = typeof(FaultyRedis).GetMethod(nameof(WrapAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    private object inner = null!;

    public static IConnectionMultiplexer Wrap(IConnectionMultiplexer multiplexer)
    {
        var proxy = Create<IConnectionMultiplexer, FaultyRedis>();
        ((FaultyRedis)(object)proxy).inner = multiplexer;
        return proxy;
    }

    /// <summary>The exception StackExchange.Redis throws when a command fails before or after it was sent.</summary>
    internal static Exception Failure(ChaosFaultKind kind, string call) => kind == ChaosFaultKind.Before
        ? new RedisConnectionException(ConnectionFailureType.SocketFailure, CommandFlags.None, $"Injected: connection lost before {call} was sent", null, CommandStatus.WaitingToBeSent)
        : new RedisTimeoutException(CommandFlags.None, $"Injected: timeout awaiting the reply of {call}", CommandStatus.Sent);

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (inner is IConnectionMultiplexer && targetMethod.Name == nameof(IConnectionMultiplexer.GetDatabase))
        {
            var database = Create<IDatabase, FaultyRedis>();
            ((FaultyRedis)(object)database).inner = targetMethod.Invoke(inner, args)!;
            return database;
        }

        if (inner is IDatabase && targetMethod.Name == nameof(IDatabase.CreateBatch))
        {
            var batch = Create<IBatch, FaultyRedis>();
            ((FaultyRedis)(object)batch).inner = targetMethod.Invoke(inner, args)!;
            return batch;
        }

        var returnType = targetMethod.ReturnType;
        if (inner is IDatabaseAsync && typeof(Task).IsAssignableFrom(returnType) && ChaosFaults.Next(targetMethod.Name) is { } fault)
        {
            Func<object?> call = () => Unwrapped(targetMethod, args);
            return returnType.IsGenericType
                ? WrapGeneric.MakeGenericMethod(returnType.GetGenericArguments()[0]).Invoke(null, [call, fault, targetMethod.Name])
                : WrapAsync<bool>(() => Completion((Task)call()!), fault, targetMethod.Name);
        }

        return Unwrapped(targetMethod, args);
    }

    private object? Unwrapped(MethodInfo method, object?[]? args)
    {
        try
        {
            return method.Invoke(inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    private static async Task<bool> Completion(Task task)
    {
        await task.ConfigureAwait(false);
        return true;
    }

    private static async Task<T> WrapAsync<T>(Func<object?> call, ChaosFaultKind fault, string name)
    {
        if (fault == ChaosFaultKind.Before)
        {
            throw Failure(fault, name);
        }

        await ((Task<T>)call()!).ConfigureAwait(false);
        throw Failure(fault, name);
    }
}
