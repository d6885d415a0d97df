using System.Net.Sockets;

namespace CartStorage;

/// <summary>
/// Tells a store that cannot take a command now from other failures, for stores reached through an abstraction
/// (<c>IDistributedCache</c>, ASP.NET Core sessions) whose drivers the core does not reference: StackExchange.Redis's
/// exception types are matched by name (they share no base type with the framework's), and a Redis error reply by its
/// error code, the first word of the message. A backend over such a store translates its failures with them into
/// <see cref="CartStorageUnavailableException.Create"/>.
/// </summary>
public static class CartStoreFailures
{
    /// <summary>
    /// True when <paramref name="exception"/> or one of its inner exceptions is a timeout (<see cref="TimeoutException"/>,
    /// which StackExchange.Redis's <c>RedisTimeoutException</c> derives from), a socket or I/O error, StackExchange.Redis's
    /// <c>RedisConnectionException</c>, or a <see cref="Refusal"/>. A server that answers with an error about the command
    /// itself (permissions, out of memory, wrong type) is not unavailability.
    /// </summary>
    /// <param name="exception">The store's exception.</param>
    /// <returns>Whether the store could not take the command now.</returns>
    public static bool IsUnavailable(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or SocketException or IOException || e.GetType().Name == "RedisConnectionException" || Refusal(e) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Why a server that answers refused to run the command now, or <see langword="null"/> when
    /// <paramref name="exception"/> (or an inner exception) is no such refusal: a Redis error reply <c>READONLY</c>
    /// (a replica, or a primary demoted by a failover), <c>LOADING</c>, <c>MASTERDOWN</c>, <c>CLUSTERDOWN</c> or
    /// <c>TRYAGAIN</c>, or StackExchange.Redis declining to send a write to a server it knows to be a replica. A refused
    /// command did not run.
    /// </summary>
    /// <param name="exception">The store's exception.</param>
    /// <returns>The reason, for <see cref="CartStoreFailureKind.Refused"/>, or <see langword="null"/>.</returns>
    public static string? Refusal(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var e = exception; e is not null; e = e.InnerException)
        {
            var reason = e.GetType().Name switch
            {
                "RedisServerException" => (e.Message.Split(' ', 2)[0]) switch
                {
                    "READONLY" => "the server is a read-only replica (READONLY)",
                    "LOADING" => "the server is loading its data set (LOADING)",
                    "MASTERDOWN" => "the replica lost its link to the primary (MASTERDOWN)",
                    "CLUSTERDOWN" => "the cluster does not serve the key's slot (CLUSTERDOWN)",
                    "TRYAGAIN" => "the key's slot is being migrated (TRYAGAIN)",
                    _ => null,
                },
                "RedisCommandException" when e.Message.Contains("cannot be issued to a replica", StringComparison.OrdinalIgnoreCase) =>
                    "the client knows the server as a replica and did not send the write",
                "RedisConnectionException" when e.Message.Contains("requires writable", StringComparison.OrdinalIgnoreCase) =>
                    "no primary is connected (only replicas) and the write was not sent",
                _ => null,
            };
            if (reason is not null)
            {
                return reason;
            }
        }

        return null;
    }
}
