using System.Net.Sockets;

namespace CartStorage;

/// <summary>
/// Tells a store that could not be reached or did not answer in time from other failures, for stores reached through
/// an abstraction (<c>IDistributedCache</c>, ASP.NET Core sessions) whose drivers the core does not reference.
/// </summary>
internal static class StoreFailures
{
    /// <summary>
    /// True when <paramref name="exception"/> or one of its inner exceptions is a timeout (<see cref="TimeoutException"/>,
    /// which StackExchange.Redis's <c>RedisTimeoutException</c> derives from), a socket or I/O error, or
    /// StackExchange.Redis's <c>RedisConnectionException</c> (matched by name: it has no shared base type). A server
    /// that answers with an error (permissions, out of memory) is not unavailability.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException or SocketException or IOException || e.GetType().Name == "RedisConnectionException")
            {
                return true;
            }
        }

        return false;
    }
}
