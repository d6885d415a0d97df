using Microsoft.Extensions.DependencyInjection;

namespace CartStorage.AspNetCore.Tests.CartApi;

/// <summary>The cart API's answer to each store failure: a problem with its own type, never the store's message.</summary>
public sealed class StoreErrorTests
{
    public static TheoryData<Exception, int, string, string?> Failures => new()
    {
        { new CartStorageUnavailableException("The cart database could not be reached.", "user:secret", "default", new IOException("disk")), 503, CartProblemTypes.Unavailable, "5" },
        { new CartLockTimeoutException("another writer holds it", TimeSpan.FromSeconds(2)), 503, CartProblemTypes.Busy, "1" },
        { new CartDataCorruptedException("user:secret", "default", "bad stored json"), 500, CartProblemTypes.Corrupted, null },
        { new CartConflictException("user:secret", "default", 1, 2, "x-1", "x-2"), 409, CartProblemTypes.Conflict, null },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_store_failure_is_a_problem_of_its_type_with_Retry_After_when_it_passes(Exception failure, int status, string type, string? retryAfter)
    {
        await using var host = await CartApiHost.StartAsync(CartBackend.Sqlite, kestrel: false, configure: b => b.Services.AddSingleton<ICartStorage>(new FailingStorage(failure)));
        using var shopper = host.Shopper();
        shopper.Bearer = "signed-in";

        foreach (var response in new[] { await shopper.SendAsync(HttpMethod.Get, "/cart?instance=x"), await shopper.AddAsync("a") })
        {
            var problem = await CartApiTests.ShouldBeProblemAsync(response, status, type);
            response.Headers.RetryAfter?.ToString().Should().Be(retryAfter);
            problem.ToString().Should().NotContain("secret").And.NotContain("disk").And.NotContain("bad stored json");
        }
    }

    /// <summary>A store that fails every read and write with one exception.</summary>
    private sealed class FailingStorage(Exception failure) : ICartStorage
    {
        public CartStorageCapabilities Capabilities { get; } = new("failing", false, false, false);

        public Task<CartSnapshot?> GetAsync(string identifier, string instance, CancellationToken ct = default) => Task.FromException<CartSnapshot?>(failure);

        public Task<CartSnapshot> UpdateAsync(string identifier, string instance, Func<CartSnapshot, CartSnapshot> mutate, CancellationToken ct = default, string? idempotencyKey = null) => Task.FromException<CartSnapshot>(failure);

        public Task<CartSnapshot> SaveAsync(string identifier, string instance, CartSnapshot snapshot, CancellationToken ct = default) => Task.FromException<CartSnapshot>(failure);

        public Task ForgetAsync(string identifier, string instance, CancellationToken ct = default) => Task.FromException(failure);

        public Task ForgetAsync(string identifier, string instance, string expectedETag, CancellationToken ct = default) => Task.FromException(failure);

        public Task FlushAsync(CancellationToken ct = default) => Task.FromException(failure);

        public Task<IReadOnlyList<string>> GetInstancesAsync(string identifier, CancellationToken ct = default) => Task.FromException<IReadOnlyList<string>>(failure);

        public Task ForgetIdentifierAsync(string identifier, CancellationToken ct = default) => Task.FromException(failure);

        public Task<bool> SwapIdentifierAsync(string oldIdentifier, string newIdentifier, string instance, CancellationToken ct = default) => Task.FromException<bool>(failure);

        public Task<CartSnapshot?> MergeIdentifierAsync(string fromIdentifier, string toIdentifier, string instance, CartMergeStrategy strategy = CartMergeStrategy.AddQuantities, CancellationToken ct = default) =>
            Task.FromException<CartSnapshot?>(failure);
    }
}
