#if canImport(Glibc)
    internal import CMalloc
#endif

/// The C allocator's settings for a run.
enum HeapSettings {
    /// Makes glibc map every block of 128 KiB or more on its own, and so give it back to the
    /// system when it is freed, for the whole run.
    ///
    /// By default glibc raises that threshold to the size of each such block freed (up to 32 MB),
    /// and blocks below it are then carved from the heaps of its arenas, where the memory a long
    /// run frees between the blocks that stay is kept: the peak memory grew with the corpus (a
    /// 1 GB one peaked 15 MB above a 100 MB one with the same live memory) and is flat with the
    /// threshold fixed. Setting it turns the adjustment off.
    static func fixMapThreshold() {
        #if canImport(Glibc)
            _ = mallopt(M_MMAP_THRESHOLD, 128 * 1024)
        #endif
    }
}
