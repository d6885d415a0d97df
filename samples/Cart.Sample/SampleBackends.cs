using Cart.Storage;

namespace Cart.Sample;

/// <summary>
/// Registers every backend package, so switching backend is a configuration change:
/// <c>Cart:Driver</c> picks the backend; with <c>Cart:Redis:Configuration</c> set, the cache is Redis.
/// </summary>
internal static class SampleBackends
{
    public static void Register(CartStorageBuilder cart, IConfiguration configuration)
    {
        if (configuration["Cart:Redis:Configuration"] is { Length: > 0 } redis)
        {
            cart.Services.AddStackExchangeRedisCache(o => o.Configuration = redis);
        }

        cart.AddSession();
    }
}
