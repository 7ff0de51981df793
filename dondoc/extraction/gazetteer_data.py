"""Built-in list of bodies for `Gazetteer.default()`.

Editable data, not rules: the web app passes its own Gazetteer built from its Unit
table. Sources: Nghị định 45/2025/NĐ-CP (the departments common to every province:
Nội vụ, Tư pháp, Tài chính, Công Thương, Nông nghiệp và Môi trường, Xây dựng, Khoa học
và Công nghệ, Văn hóa - Thể thao và Du lịch, Giáo dục và Đào tạo, Y tế, Thanh tra
tỉnh, Văn phòng UBND tỉnh), plus the bodies provinces commonly add, and the ministries
of the Government (current names of Nghị quyết 176/2025/QH15 and the former ones that
older documents use) for notices of the Government Office.
"""

from __future__ import annotations

# (id, name, [aliases], kind)
ENTRIES: list[tuple[str, str, list[str], str]] = [
    # --- provincial departments (Nghị định 45/2025/NĐ-CP) ---
    ("snv", "Sở Nội vụ", ["SNV", "Sở NV"], "department"),
    ("stp", "Sở Tư pháp", ["STP", "Sở TP"], "department"),
    ("stc", "Sở Tài chính", ["STC", "Sở TC"], "department"),
    ("sct", "Sở Công Thương", ["SCT", "Sở CT"], "department"),
    (
        "snnmt",
        "Sở Nông nghiệp và Môi trường",
        ["Sở NN&MT", "Sở NNMT", "SNNMT", "Sở Nông nghiệp & Môi trường"],
        "department",
    ),
    ("sxd", "Sở Xây dựng", ["SXD", "Sở XD"], "department"),
    ("skhcn", "Sở Khoa học và Công nghệ", ["Sở KH&CN", "Sở KHCN", "SKHCN"], "department"),
    (
        "svhttdl",
        "Sở Văn hóa, Thể thao và Du lịch",
        ["Sở Văn hóa - Thể thao và Du lịch", "Sở VHTTDL", "Sở VH,TT&DL", "SVHTTDL"],
        "department",
    ),
    ("sgddt", "Sở Giáo dục và Đào tạo", ["Sở GD&ĐT", "Sở GDĐT", "SGDĐT"], "department"),
    ("syt", "Sở Y tế", ["SYT", "Sở YT"], "department"),
    ("ttt", "Thanh tra tỉnh", ["Thanh tra Tỉnh"], "department"),
    (
        "vpubnd",
        "Văn phòng UBND tỉnh",
        ["Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh", "Văn phòng UBND", "VPUBND"],
        "department",
    ),
    ("sngv", "Sở Ngoại vụ", ["SNgV"], "department"),
    ("sdttg", "Sở Dân tộc và Tôn giáo", ["Sở DT&TG", "Sở DTTG"], "department"),
    # Former departments still named in older documents.
    ("skhdt", "Sở Kế hoạch và Đầu tư", ["Sở KH&ĐT", "Sở KHĐT"], "department"),
    ("stnmt", "Sở Tài nguyên và Môi trường", ["Sở TN&MT", "Sở TNMT"], "department"),
    ("snnptnt", "Sở Nông nghiệp và Phát triển nông thôn", ["Sở NN&PTNT", "Sở NNPTNT"], "department"),
    ("sgtvt", "Sở Giao thông vận tải", ["Sở GTVT"], "department"),
    ("stttt", "Sở Thông tin và Truyền thông", ["Sở TT&TT", "Sở TTTT"], "department"),
    ("sldtbxh", "Sở Lao động - Thương binh và Xã hội", ["Sở LĐTBXH", "Sở LĐ-TB&XH"], "department"),
    # --- other provincial bodies ---
    ("cat", "Công an tỉnh", ["CA tỉnh"], "agency"),
    ("bchqst", "Bộ Chỉ huy Quân sự tỉnh", ["Bộ CHQS tỉnh", "BCHQS tỉnh"], "agency"),
    ("bchbdbp", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", ["BĐBP tỉnh", "Bộ đội Biên phòng tỉnh"], "agency"),
    ("thuet", "Thuế tỉnh", ["Cục Thuế tỉnh", "Cục Thuế", "cơ quan Thuế", "cơ quan thuế"], "agency"),
    ("kbnn", "Kho bạc Nhà nước tỉnh", ["Kho bạc nhà nước tỉnh", "KBNN tỉnh"], "agency"),
    ("bhxh", "Bảo hiểm xã hội tỉnh", ["BHXH tỉnh"], "agency"),
    ("bqlkkt", "Ban Quản lý Khu kinh tế", ["BQL Khu kinh tế", "Ban Quản lý Khu kinh tế cửa khẩu"], "agency"),
    (
        "bqldadtxd",
        "Ban Quản lý dự án đầu tư xây dựng tỉnh",
        ["Ban QLDA đầu tư xây dựng tỉnh", "BQLDA đầu tư xây dựng tỉnh", "Ban QLDA ĐTXD tỉnh"],
        "agency",
    ),
    ("dptth", "Đài Phát thanh và Truyền hình tỉnh", ["Báo và Phát thanh, Truyền hình tỉnh"], "agency"),
    (
        "ubmttq",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        ["Ủy ban MTTQ Việt Nam tỉnh", "Ủy ban MTTQ tỉnh"],
        "agency",
    ),
    ("ubndt", "UBND tỉnh", ["Ủy ban nhân dân tỉnh"], "province"),
    (
        "ubndxp",
        "UBND các xã, phường",
        ["Ủy ban nhân dân các xã, phường", "UBND các xã, phường, đặc khu"],
        "commune",
    ),
    ("ubndcx", "UBND cấp xã", ["Ủy ban nhân dân cấp xã", "UBND cấp xã, phường"], "commune"),
    # --- ministries (Chính phủ, Nghị quyết 176/2025/QH15) and former names ---
    ("bqp", "Bộ Quốc phòng", ["BQP"], "ministry"),
    ("bca", "Bộ Công an", ["BCA"], "ministry"),
    ("bng", "Bộ Ngoại giao", [], "ministry"),
    ("bnv", "Bộ Nội vụ", ["BNV"], "ministry"),
    ("btp", "Bộ Tư pháp", [], "ministry"),
    ("btc", "Bộ Tài chính", ["BTC"], "ministry"),
    ("bct", "Bộ Công Thương", ["BCT"], "ministry"),
    ("bnnmt", "Bộ Nông nghiệp và Môi trường", ["Bộ NN&MT", "BNNMT"], "ministry"),
    ("bxd", "Bộ Xây dựng", [], "ministry"),
    (
        "bvhttdl",
        "Bộ Văn hóa, Thể thao và Du lịch",
        ["Bộ VHTTDL", "Bộ Văn hóa - Thể thao và Du lịch"],
        "ministry",
    ),
    ("bkhcn", "Bộ Khoa học và Công nghệ", ["Bộ KH&CN", "Bộ KHCN"], "ministry"),
    ("bgddt", "Bộ Giáo dục và Đào tạo", ["Bộ GD&ĐT", "Bộ GDĐT"], "ministry"),
    ("byt", "Bộ Y tế", [], "ministry"),
    ("bdttg", "Bộ Dân tộc và Tôn giáo", [], "ministry"),
    ("nhnn", "Ngân hàng Nhà nước Việt Nam", ["Ngân hàng Nhà nước"], "ministry"),
    ("ttcp", "Thanh tra Chính phủ", [], "ministry"),
    ("vpcp", "Văn phòng Chính phủ", ["VPCP"], "ministry"),
    ("btnmt", "Bộ Tài nguyên và Môi trường", ["Bộ TN&MT", "Bộ TNMT"], "ministry"),
    ("bnnptnt", "Bộ Nông nghiệp và Phát triển nông thôn", ["Bộ NN&PTNT", "Bộ NNPTNT"], "ministry"),
    ("bkhdt", "Bộ Kế hoạch và Đầu tư", ["Bộ KH&ĐT", "Bộ KHĐT"], "ministry"),
    ("bgtvt", "Bộ Giao thông vận tải", ["Bộ GTVT"], "ministry"),
    ("btttt", "Bộ Thông tin và Truyền thông", ["Bộ TT&TT", "Bộ TTTT"], "ministry"),
    ("bldtbxh", "Bộ Lao động - Thương binh và Xã hội", ["Bộ LĐTBXH", "Bộ LĐ-TB&XH"], "ministry"),
    ("ubdt", "Ủy ban Dân tộc", [], "ministry"),
]
