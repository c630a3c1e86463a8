# A NodePort Service with 2,769 ports: more than the node-port range holds
kubectl apply -f - <<EOF
apiVersion: v1
kind: Service
metadata:
  name: many
spec:
  type: NodePort
  selector:
    app: many
  ports:
    - name: p0
      port: 1
    - name: p1
      port: 2
    - name: p2
      port: 3
    - name: p3
      port: 4
    - name: p4
      port: 5
    - name: p5
      port: 6
    - name: p6
      port: 7
    - name: p7
      port: 8
    - name: p8
      port: 9
    - name: p9
      port: 10
    - name: p10
      port: 11
    - name: p11
      port: 12
    - name: p12
      port: 13
    - name: p13
      port: 14
    - name: p14
      port: 15
    - name: p15
      port: 16
    - name: p16
      port: 17
    - name: p17
      port: 18
    - name: p18
      port: 19
    - name: p19
      port: 20
    - name: p20
      port: 21
    - name: p21
      port: 22
    - name: p22
      port: 23
    - name: p23
      port: 24
    - name: p24
      port: 25
    - name: p25
      port: 26
    - name: p26
      port: 27
    - name: p27
      port: 28
    - name: p28
      port: 29
    - name: p29
      port: 30
    - name: p30
      port: 31
    - name: p31
      port: 32
    - name: p32
      port: 33
    - name: p33
      port: 34
    - name: p34
      port: 35
    - name: p35
      port: 36
    - name: p36
      port: 37
    - name: p37
      port: 38
    - name: p38
      port: 39
    - name: p39
      port: 40
    - name: p40
      port: 41
    - name: p41
      port: 42
    - name: p42
      port: 43
    - name: p43
      port: 44
    - name: p44
      port: 45
    - name: p45
      port: 46
    - name: p46
      port: 47
    - name: p47
      port: 48
    - name: p48
      port: 49
    - name: p49
      port: 50
    - name: p50
      port: 51
    - name: p51
      port: 52
    - name: p52
      port: 53
    - name: p53
      port: 54
    - name: p54
      port: 55
    - name: p55
      port: 56
    - name: p56
      port: 57
    - name: p57
      port: 58
    - name: p58
      port: 59
    - name: p59
      port: 60
    - name: p60
      port: 61
    - name: p61
      port: 62
    - name: p62
      port: 63
    - name: p63
      port: 64
    - name: p64
      port: 65
    - name: p65
      port: 66
    - name: p66
      port: 67
    - name: p67
      port: 68
    - name: p68
      port: 69
    - name: p69
      port: 70
    - name: p70
      port: 71
    - name: p71
      port: 72
    - name: p72
      port: 73
    - name: p73
      port: 74
    - name: p74
      port: 75
    - name: p75
      port: 76
    - name: p76
      port: 77
    - name: p77
      port: 78
    - name: p78
      port: 79
    - name: p79
      port: 80
    - name: p80
      port: 81
    - name: p81
      port: 82
    - name: p82
      port: 83
    - name: p83
      port: 84
    - name: p84
      port: 85
    - name: p85
      port: 86
    - name: p86
      port: 87
    - name: p87
      port: 88
    - name: p88
      port: 89
    - name: p89
      port: 90
    - name: p90
      port: 91
    - name: p91
      port: 92
    - name: p92
      port: 93
    - name: p93
      port: 94
    - name: p94
      port: 95
    - name: p95
      port: 96
    - name: p96
      port: 97
    - name: p97
      port: 98
    - name: p98
      port: 99
    - name: p99
      port: 100
    - name: p100
      port: 101
    - name: p101
      port: 102
    - name: p102
      port: 103
    - name: p103
      port: 104
    - name: p104
      port: 105
    - name: p105
      port: 106
    - name: p106
      port: 107
    - name: p107
      port: 108
    - name: p108
      port: 109
    - name: p109
      port: 110
    - name: p110
      port: 111
    - name: p111
      port: 112
    - name: p112
      port: 113
    - name: p113
      port: 114
    - name: p114
      port: 115
    - name: p115
      port: 116
    - name: p116
      port: 117
    - name: p117
      port: 118
    - name: p118
      port: 119
    - name: p119
      port: 120
    - name: p120
      port: 121
    - name: p121
      port: 122
    - name: p122
      port: 123
    - name: p123
      port: 124
    - name: p124
      port: 125
    - name: p125
      port: 126
    - name: p126
      port: 127
    - name: p127
      port: 128
    - name: p128
      port: 129
    - name: p129
      port: 130
    - name: p130
      port: 131
    - name: p131
      port: 132
    - name: p132
      port: 133
    - name: p133
      port: 134
    - name: p134
      port: 135
    - name: p135
      port: 136
    - name: p136
      port: 137
    - name: p137
      port: 138
    - name: p138
      port: 139
    - name: p139
      port: 140
    - name: p140
      port: 141
    - name: p141
      port: 142
    - name: p142
      port: 143
    - name: p143
      port: 144
    - name: p144
      port: 145
    - name: p145
      port: 146
    - name: p146
      port: 147
    - name: p147
      port: 148
    - name: p148
      port: 149
    - name: p149
      port: 150
    - name: p150
      port: 151
    - name: p151
      port: 152
    - name: p152
      port: 153
    - name: p153
      port: 154
    - name: p154
      port: 155
    - name: p155
      port: 156
    - name: p156
      port: 157
    - name: p157
      port: 158
    - name: p158
      port: 159
    - name: p159
      port: 160
    - name: p160
      port: 161
    - name: p161
      port: 162
    - name: p162
      port: 163
    - name: p163
      port: 164
    - name: p164
      port: 165
    - name: p165
      port: 166
    - name: p166
      port: 167
    - name: p167
      port: 168
    - name: p168
      port: 169
    - name: p169
      port: 170
    - name: p170
      port: 171
    - name: p171
      port: 172
    - name: p172
      port: 173
    - name: p173
      port: 174
    - name: p174
      port: 175
    - name: p175
      port: 176
    - name: p176
      port: 177
    - name: p177
      port: 178
    - name: p178
      port: 179
    - name: p179
      port: 180
    - name: p180
      port: 181
    - name: p181
      port: 182
    - name: p182
      port: 183
    - name: p183
      port: 184
    - name: p184
      port: 185
    - name: p185
      port: 186
    - name: p186
      port: 187
    - name: p187
      port: 188
    - name: p188
      port: 189
    - name: p189
      port: 190
    - name: p190
      port: 191
    - name: p191
      port: 192
    - name: p192
      port: 193
    - name: p193
      port: 194
    - name: p194
      port: 195
    - name: p195
      port: 196
    - name: p196
      port: 197
    - name: p197
      port: 198
    - name: p198
      port: 199
    - name: p199
      port: 200
    - name: p200
      port: 201
    - name: p201
      port: 202
    - name: p202
      port: 203
    - name: p203
      port: 204
    - name: p204
      port: 205
    - name: p205
      port: 206
    - name: p206
      port: 207
    - name: p207
      port: 208
    - name: p208
      port: 209
    - name: p209
      port: 210
    - name: p210
      port: 211
    - name: p211
      port: 212
    - name: p212
      port: 213
    - name: p213
      port: 214
    - name: p214
      port: 215
    - name: p215
      port: 216
    - name: p216
      port: 217
    - name: p217
      port: 218
    - name: p218
      port: 219
    - name: p219
      port: 220
    - name: p220
      port: 221
    - name: p221
      port: 222
    - name: p222
      port: 223
    - name: p223
      port: 224
    - name: p224
      port: 225
    - name: p225
      port: 226
    - name: p226
      port: 227
    - name: p227
      port: 228
    - name: p228
      port: 229
    - name: p229
      port: 230
    - name: p230
      port: 231
    - name: p231
      port: 232
    - name: p232
      port: 233
    - name: p233
      port: 234
    - name: p234
      port: 235
    - name: p235
      port: 236
    - name: p236
      port: 237
    - name: p237
      port: 238
    - name: p238
      port: 239
    - name: p239
      port: 240
    - name: p240
      port: 241
    - name: p241
      port: 242
    - name: p242
      port: 243
    - name: p243
      port: 244
    - name: p244
      port: 245
    - name: p245
      port: 246
    - name: p246
      port: 247
    - name: p247
      port: 248
    - name: p248
      port: 249
    - name: p249
      port: 250
    - name: p250
      port: 251
    - name: p251
      port: 252
    - name: p252
      port: 253
    - name: p253
      port: 254
    - name: p254
      port: 255
    - name: p255
      port: 256
    - name: p256
      port: 257
    - name: p257
      port: 258
    - name: p258
      port: 259
    - name: p259
      port: 260
    - name: p260
      port: 261
    - name: p261
      port: 262
    - name: p262
      port: 263
    - name: p263
      port: 264
    - name: p264
      port: 265
    - name: p265
      port: 266
    - name: p266
      port: 267
    - name: p267
      port: 268
    - name: p268
      port: 269
    - name: p269
      port: 270
    - name: p270
      port: 271
    - name: p271
      port: 272
    - name: p272
      port: 273
    - name: p273
      port: 274
    - name: p274
      port: 275
    - name: p275
      port: 276
    - name: p276
      port: 277
    - name: p277
      port: 278
    - name: p278
      port: 279
    - name: p279
      port: 280
    - name: p280
      port: 281
    - name: p281
      port: 282
    - name: p282
      port: 283
    - name: p283
      port: 284
    - name: p284
      port: 285
    - name: p285
      port: 286
    - name: p286
      port: 287
    - name: p287
      port: 288
    - name: p288
      port: 289
    - name: p289
      port: 290
    - name: p290
      port: 291
    - name: p291
      port: 292
    - name: p292
      port: 293
    - name: p293
      port: 294
    - name: p294
      port: 295
    - name: p295
      port: 296
    - name: p296
      port: 297
    - name: p297
      port: 298
    - name: p298
      port: 299
    - name: p299
      port: 300
    - name: p300
      port: 301
    - name: p301
      port: 302
    - name: p302
      port: 303
    - name: p303
      port: 304
    - name: p304
      port: 305
    - name: p305
      port: 306
    - name: p306
      port: 307
    - name: p307
      port: 308
    - name: p308
      port: 309
    - name: p309
      port: 310
    - name: p310
      port: 311
    - name: p311
      port: 312
    - name: p312
      port: 313
    - name: p313
      port: 314
    - name: p314
      port: 315
    - name: p315
      port: 316
    - name: p316
      port: 317
    - name: p317
      port: 318
    - name: p318
      port: 319
    - name: p319
      port: 320
    - name: p320
      port: 321
    - name: p321
      port: 322
    - name: p322
      port: 323
    - name: p323
      port: 324
    - name: p324
      port: 325
    - name: p325
      port: 326
    - name: p326
      port: 327
    - name: p327
      port: 328
    - name: p328
      port: 329
    - name: p329
      port: 330
    - name: p330
      port: 331
    - name: p331
      port: 332
    - name: p332
      port: 333
    - name: p333
      port: 334
    - name: p334
      port: 335
    - name: p335
      port: 336
    - name: p336
      port: 337
    - name: p337
      port: 338
    - name: p338
      port: 339
    - name: p339
      port: 340
    - name: p340
      port: 341
    - name: p341
      port: 342
    - name: p342
      port: 343
    - name: p343
      port: 344
    - name: p344
      port: 345
    - name: p345
      port: 346
    - name: p346
      port: 347
    - name: p347
      port: 348
    - name: p348
      port: 349
    - name: p349
      port: 350
    - name: p350
      port: 351
    - name: p351
      port: 352
    - name: p352
      port: 353
    - name: p353
      port: 354
    - name: p354
      port: 355
    - name: p355
      port: 356
    - name: p356
      port: 357
    - name: p357
      port: 358
    - name: p358
      port: 359
    - name: p359
      port: 360
    - name: p360
      port: 361
    - name: p361
      port: 362
    - name: p362
      port: 363
    - name: p363
      port: 364
    - name: p364
      port: 365
    - name: p365
      port: 366
    - name: p366
      port: 367
    - name: p367
      port: 368
    - name: p368
      port: 369
    - name: p369
      port: 370
    - name: p370
      port: 371
    - name: p371
      port: 372
    - name: p372
      port: 373
    - name: p373
      port: 374
    - name: p374
      port: 375
    - name: p375
      port: 376
    - name: p376
      port: 377
    - name: p377
      port: 378
    - name: p378
      port: 379
    - name: p379
      port: 380
    - name: p380
      port: 381
    - name: p381
      port: 382
    - name: p382
      port: 383
    - name: p383
      port: 384
    - name: p384
      port: 385
    - name: p385
      port: 386
    - name: p386
      port: 387
    - name: p387
      port: 388
    - name: p388
      port: 389
    - name: p389
      port: 390
    - name: p390
      port: 391
    - name: p391
      port: 392
    - name: p392
      port: 393
    - name: p393
      port: 394
    - name: p394
      port: 395
    - name: p395
      port: 396
    - name: p396
      port: 397
    - name: p397
      port: 398
    - name: p398
      port: 399
    - name: p399
      port: 400
    - name: p400
      port: 401
    - name: p401
      port: 402
    - name: p402
      port: 403
    - name: p403
      port: 404
    - name: p404
      port: 405
    - name: p405
      port: 406
    - name: p406
      port: 407
    - name: p407
      port: 408
    - name: p408
      port: 409
    - name: p409
      port: 410
    - name: p410
      port: 411
    - name: p411
      port: 412
    - name: p412
      port: 413
    - name: p413
      port: 414
    - name: p414
      port: 415
    - name: p415
      port: 416
    - name: p416
      port: 417
    - name: p417
      port: 418
    - name: p418
      port: 419
    - name: p419
      port: 420
    - name: p420
      port: 421
    - name: p421
      port: 422
    - name: p422
      port: 423
    - name: p423
      port: 424
    - name: p424
      port: 425
    - name: p425
      port: 426
    - name: p426
      port: 427
    - name: p427
      port: 428
    - name: p428
      port: 429
    - name: p429
      port: 430
    - name: p430
      port: 431
    - name: p431
      port: 432
    - name: p432
      port: 433
    - name: p433
      port: 434
    - name: p434
      port: 435
    - name: p435
      port: 436
    - name: p436
      port: 437
    - name: p437
      port: 438
    - name: p438
      port: 439
    - name: p439
      port: 440
    - name: p440
      port: 441
    - name: p441
      port: 442
    - name: p442
      port: 443
    - name: p443
      port: 444
    - name: p444
      port: 445
    - name: p445
      port: 446
    - name: p446
      port: 447
    - name: p447
      port: 448
    - name: p448
      port: 449
    - name: p449
      port: 450
    - name: p450
      port: 451
    - name: p451
      port: 452
    - name: p452
      port: 453
    - name: p453
      port: 454
    - name: p454
      port: 455
    - name: p455
      port: 456
    - name: p456
      port: 457
    - name: p457
      port: 458
    - name: p458
      port: 459
    - name: p459
      port: 460
    - name: p460
      port: 461
    - name: p461
      port: 462
    - name: p462
      port: 463
    - name: p463
      port: 464
    - name: p464
      port: 465
    - name: p465
      port: 466
    - name: p466
      port: 467
    - name: p467
      port: 468
    - name: p468
      port: 469
    - name: p469
      port: 470
    - name: p470
      port: 471
    - name: p471
      port: 472
    - name: p472
      port: 473
    - name: p473
      port: 474
    - name: p474
      port: 475
    - name: p475
      port: 476
    - name: p476
      port: 477
    - name: p477
      port: 478
    - name: p478
      port: 479
    - name: p479
      port: 480
    - name: p480
      port: 481
    - name: p481
      port: 482
    - name: p482
      port: 483
    - name: p483
      port: 484
    - name: p484
      port: 485
    - name: p485
      port: 486
    - name: p486
      port: 487
    - name: p487
      port: 488
    - name: p488
      port: 489
    - name: p489
      port: 490
    - name: p490
      port: 491
    - name: p491
      port: 492
    - name: p492
      port: 493
    - name: p493
      port: 494
    - name: p494
      port: 495
    - name: p495
      port: 496
    - name: p496
      port: 497
    - name: p497
      port: 498
    - name: p498
      port: 499
    - name: p499
      port: 500
    - name: p500
      port: 501
    - name: p501
      port: 502
    - name: p502
      port: 503
    - name: p503
      port: 504
    - name: p504
      port: 505
    - name: p505
      port: 506
    - name: p506
      port: 507
    - name: p507
      port: 508
    - name: p508
      port: 509
    - name: p509
      port: 510
    - name: p510
      port: 511
    - name: p511
      port: 512
    - name: p512
      port: 513
    - name: p513
      port: 514
    - name: p514
      port: 515
    - name: p515
      port: 516
    - name: p516
      port: 517
    - name: p517
      port: 518
    - name: p518
      port: 519
    - name: p519
      port: 520
    - name: p520
      port: 521
    - name: p521
      port: 522
    - name: p522
      port: 523
    - name: p523
      port: 524
    - name: p524
      port: 525
    - name: p525
      port: 526
    - name: p526
      port: 527
    - name: p527
      port: 528
    - name: p528
      port: 529
    - name: p529
      port: 530
    - name: p530
      port: 531
    - name: p531
      port: 532
    - name: p532
      port: 533
    - name: p533
      port: 534
    - name: p534
      port: 535
    - name: p535
      port: 536
    - name: p536
      port: 537
    - name: p537
      port: 538
    - name: p538
      port: 539
    - name: p539
      port: 540
    - name: p540
      port: 541
    - name: p541
      port: 542
    - name: p542
      port: 543
    - name: p543
      port: 544
    - name: p544
      port: 545
    - name: p545
      port: 546
    - name: p546
      port: 547
    - name: p547
      port: 548
    - name: p548
      port: 549
    - name: p549
      port: 550
    - name: p550
      port: 551
    - name: p551
      port: 552
    - name: p552
      port: 553
    - name: p553
      port: 554
    - name: p554
      port: 555
    - name: p555
      port: 556
    - name: p556
      port: 557
    - name: p557
      port: 558
    - name: p558
      port: 559
    - name: p559
      port: 560
    - name: p560
      port: 561
    - name: p561
      port: 562
    - name: p562
      port: 563
    - name: p563
      port: 564
    - name: p564
      port: 565
    - name: p565
      port: 566
    - name: p566
      port: 567
    - name: p567
      port: 568
    - name: p568
      port: 569
    - name: p569
      port: 570
    - name: p570
      port: 571
    - name: p571
      port: 572
    - name: p572
      port: 573
    - name: p573
      port: 574
    - name: p574
      port: 575
    - name: p575
      port: 576
    - name: p576
      port: 577
    - name: p577
      port: 578
    - name: p578
      port: 579
    - name: p579
      port: 580
    - name: p580
      port: 581
    - name: p581
      port: 582
    - name: p582
      port: 583
    - name: p583
      port: 584
    - name: p584
      port: 585
    - name: p585
      port: 586
    - name: p586
      port: 587
    - name: p587
      port: 588
    - name: p588
      port: 589
    - name: p589
      port: 590
    - name: p590
      port: 591
    - name: p591
      port: 592
    - name: p592
      port: 593
    - name: p593
      port: 594
    - name: p594
      port: 595
    - name: p595
      port: 596
    - name: p596
      port: 597
    - name: p597
      port: 598
    - name: p598
      port: 599
    - name: p599
      port: 600
    - name: p600
      port: 601
    - name: p601
      port: 602
    - name: p602
      port: 603
    - name: p603
      port: 604
    - name: p604
      port: 605
    - name: p605
      port: 606
    - name: p606
      port: 607
    - name: p607
      port: 608
    - name: p608
      port: 609
    - name: p609
      port: 610
    - name: p610
      port: 611
    - name: p611
      port: 612
    - name: p612
      port: 613
    - name: p613
      port: 614
    - name: p614
      port: 615
    - name: p615
      port: 616
    - name: p616
      port: 617
    - name: p617
      port: 618
    - name: p618
      port: 619
    - name: p619
      port: 620
    - name: p620
      port: 621
    - name: p621
      port: 622
    - name: p622
      port: 623
    - name: p623
      port: 624
    - name: p624
      port: 625
    - name: p625
      port: 626
    - name: p626
      port: 627
    - name: p627
      port: 628
    - name: p628
      port: 629
    - name: p629
      port: 630
    - name: p630
      port: 631
    - name: p631
      port: 632
    - name: p632
      port: 633
    - name: p633
      port: 634
    - name: p634
      port: 635
    - name: p635
      port: 636
    - name: p636
      port: 637
    - name: p637
      port: 638
    - name: p638
      port: 639
    - name: p639
      port: 640
    - name: p640
      port: 641
    - name: p641
      port: 642
    - name: p642
      port: 643
    - name: p643
      port: 644
    - name: p644
      port: 645
    - name: p645
      port: 646
    - name: p646
      port: 647
    - name: p647
      port: 648
    - name: p648
      port: 649
    - name: p649
      port: 650
    - name: p650
      port: 651
    - name: p651
      port: 652
    - name: p652
      port: 653
    - name: p653
      port: 654
    - name: p654
      port: 655
    - name: p655
      port: 656
    - name: p656
      port: 657
    - name: p657
      port: 658
    - name: p658
      port: 659
    - name: p659
      port: 660
    - name: p660
      port: 661
    - name: p661
      port: 662
    - name: p662
      port: 663
    - name: p663
      port: 664
    - name: p664
      port: 665
    - name: p665
      port: 666
    - name: p666
      port: 667
    - name: p667
      port: 668
    - name: p668
      port: 669
    - name: p669
      port: 670
    - name: p670
      port: 671
    - name: p671
      port: 672
    - name: p672
      port: 673
    - name: p673
      port: 674
    - name: p674
      port: 675
    - name: p675
      port: 676
    - name: p676
      port: 677
    - name: p677
      port: 678
    - name: p678
      port: 679
    - name: p679
      port: 680
    - name: p680
      port: 681
    - name: p681
      port: 682
    - name: p682
      port: 683
    - name: p683
      port: 684
    - name: p684
      port: 685
    - name: p685
      port: 686
    - name: p686
      port: 687
    - name: p687
      port: 688
    - name: p688
      port: 689
    - name: p689
      port: 690
    - name: p690
      port: 691
    - name: p691
      port: 692
    - name: p692
      port: 693
    - name: p693
      port: 694
    - name: p694
      port: 695
    - name: p695
      port: 696
    - name: p696
      port: 697
    - name: p697
      port: 698
    - name: p698
      port: 699
    - name: p699
      port: 700
    - name: p700
      port: 701
    - name: p701
      port: 702
    - name: p702
      port: 703
    - name: p703
      port: 704
    - name: p704
      port: 705
    - name: p705
      port: 706
    - name: p706
      port: 707
    - name: p707
      port: 708
    - name: p708
      port: 709
    - name: p709
      port: 710
    - name: p710
      port: 711
    - name: p711
      port: 712
    - name: p712
      port: 713
    - name: p713
      port: 714
    - name: p714
      port: 715
    - name: p715
      port: 716
    - name: p716
      port: 717
    - name: p717
      port: 718
    - name: p718
      port: 719
    - name: p719
      port: 720
    - name: p720
      port: 721
    - name: p721
      port: 722
    - name: p722
      port: 723
    - name: p723
      port: 724
    - name: p724
      port: 725
    - name: p725
      port: 726
    - name: p726
      port: 727
    - name: p727
      port: 728
    - name: p728
      port: 729
    - name: p729
      port: 730
    - name: p730
      port: 731
    - name: p731
      port: 732
    - name: p732
      port: 733
    - name: p733
      port: 734
    - name: p734
      port: 735
    - name: p735
      port: 736
    - name: p736
      port: 737
    - name: p737
      port: 738
    - name: p738
      port: 739
    - name: p739
      port: 740
    - name: p740
      port: 741
    - name: p741
      port: 742
    - name: p742
      port: 743
    - name: p743
      port: 744
    - name: p744
      port: 745
    - name: p745
      port: 746
    - name: p746
      port: 747
    - name: p747
      port: 748
    - name: p748
      port: 749
    - name: p749
      port: 750
    - name: p750
      port: 751
    - name: p751
      port: 752
    - name: p752
      port: 753
    - name: p753
      port: 754
    - name: p754
      port: 755
    - name: p755
      port: 756
    - name: p756
      port: 757
    - name: p757
      port: 758
    - name: p758
      port: 759
    - name: p759
      port: 760
    - name: p760
      port: 761
    - name: p761
      port: 762
    - name: p762
      port: 763
    - name: p763
      port: 764
    - name: p764
      port: 765
    - name: p765
      port: 766
    - name: p766
      port: 767
    - name: p767
      port: 768
    - name: p768
      port: 769
    - name: p769
      port: 770
    - name: p770
      port: 771
    - name: p771
      port: 772
    - name: p772
      port: 773
    - name: p773
      port: 774
    - name: p774
      port: 775
    - name: p775
      port: 776
    - name: p776
      port: 777
    - name: p777
      port: 778
    - name: p778
      port: 779
    - name: p779
      port: 780
    - name: p780
      port: 781
    - name: p781
      port: 782
    - name: p782
      port: 783
    - name: p783
      port: 784
    - name: p784
      port: 785
    - name: p785
      port: 786
    - name: p786
      port: 787
    - name: p787
      port: 788
    - name: p788
      port: 789
    - name: p789
      port: 790
    - name: p790
      port: 791
    - name: p791
      port: 792
    - name: p792
      port: 793
    - name: p793
      port: 794
    - name: p794
      port: 795
    - name: p795
      port: 796
    - name: p796
      port: 797
    - name: p797
      port: 798
    - name: p798
      port: 799
    - name: p799
      port: 800
    - name: p800
      port: 801
    - name: p801
      port: 802
    - name: p802
      port: 803
    - name: p803
      port: 804
    - name: p804
      port: 805
    - name: p805
      port: 806
    - name: p806
      port: 807
    - name: p807
      port: 808
    - name: p808
      port: 809
    - name: p809
      port: 810
    - name: p810
      port: 811
    - name: p811
      port: 812
    - name: p812
      port: 813
    - name: p813
      port: 814
    - name: p814
      port: 815
    - name: p815
      port: 816
    - name: p816
      port: 817
    - name: p817
      port: 818
    - name: p818
      port: 819
    - name: p819
      port: 820
    - name: p820
      port: 821
    - name: p821
      port: 822
    - name: p822
      port: 823
    - name: p823
      port: 824
    - name: p824
      port: 825
    - name: p825
      port: 826
    - name: p826
      port: 827
    - name: p827
      port: 828
    - name: p828
      port: 829
    - name: p829
      port: 830
    - name: p830
      port: 831
    - name: p831
      port: 832
    - name: p832
      port: 833
    - name: p833
      port: 834
    - name: p834
      port: 835
    - name: p835
      port: 836
    - name: p836
      port: 837
    - name: p837
      port: 838
    - name: p838
      port: 839
    - name: p839
      port: 840
    - name: p840
      port: 841
    - name: p841
      port: 842
    - name: p842
      port: 843
    - name: p843
      port: 844
    - name: p844
      port: 845
    - name: p845
      port: 846
    - name: p846
      port: 847
    - name: p847
      port: 848
    - name: p848
      port: 849
    - name: p849
      port: 850
    - name: p850
      port: 851
    - name: p851
      port: 852
    - name: p852
      port: 853
    - name: p853
      port: 854
    - name: p854
      port: 855
    - name: p855
      port: 856
    - name: p856
      port: 857
    - name: p857
      port: 858
    - name: p858
      port: 859
    - name: p859
      port: 860
    - name: p860
      port: 861
    - name: p861
      port: 862
    - name: p862
      port: 863
    - name: p863
      port: 864
    - name: p864
      port: 865
    - name: p865
      port: 866
    - name: p866
      port: 867
    - name: p867
      port: 868
    - name: p868
      port: 869
    - name: p869
      port: 870
    - name: p870
      port: 871
    - name: p871
      port: 872
    - name: p872
      port: 873
    - name: p873
      port: 874
    - name: p874
      port: 875
    - name: p875
      port: 876
    - name: p876
      port: 877
    - name: p877
      port: 878
    - name: p878
      port: 879
    - name: p879
      port: 880
    - name: p880
      port: 881
    - name: p881
      port: 882
    - name: p882
      port: 883
    - name: p883
      port: 884
    - name: p884
      port: 885
    - name: p885
      port: 886
    - name: p886
      port: 887
    - name: p887
      port: 888
    - name: p888
      port: 889
    - name: p889
      port: 890
    - name: p890
      port: 891
    - name: p891
      port: 892
    - name: p892
      port: 893
    - name: p893
      port: 894
    - name: p894
      port: 895
    - name: p895
      port: 896
    - name: p896
      port: 897
    - name: p897
      port: 898
    - name: p898
      port: 899
    - name: p899
      port: 900
    - name: p900
      port: 901
    - name: p901
      port: 902
    - name: p902
      port: 903
    - name: p903
      port: 904
    - name: p904
      port: 905
    - name: p905
      port: 906
    - name: p906
      port: 907
    - name: p907
      port: 908
    - name: p908
      port: 909
    - name: p909
      port: 910
    - name: p910
      port: 911
    - name: p911
      port: 912
    - name: p912
      port: 913
    - name: p913
      port: 914
    - name: p914
      port: 915
    - name: p915
      port: 916
    - name: p916
      port: 917
    - name: p917
      port: 918
    - name: p918
      port: 919
    - name: p919
      port: 920
    - name: p920
      port: 921
    - name: p921
      port: 922
    - name: p922
      port: 923
    - name: p923
      port: 924
    - name: p924
      port: 925
    - name: p925
      port: 926
    - name: p926
      port: 927
    - name: p927
      port: 928
    - name: p928
      port: 929
    - name: p929
      port: 930
    - name: p930
      port: 931
    - name: p931
      port: 932
    - name: p932
      port: 933
    - name: p933
      port: 934
    - name: p934
      port: 935
    - name: p935
      port: 936
    - name: p936
      port: 937
    - name: p937
      port: 938
    - name: p938
      port: 939
    - name: p939
      port: 940
    - name: p940
      port: 941
    - name: p941
      port: 942
    - name: p942
      port: 943
    - name: p943
      port: 944
    - name: p944
      port: 945
    - name: p945
      port: 946
    - name: p946
      port: 947
    - name: p947
      port: 948
    - name: p948
      port: 949
    - name: p949
      port: 950
    - name: p950
      port: 951
    - name: p951
      port: 952
    - name: p952
      port: 953
    - name: p953
      port: 954
    - name: p954
      port: 955
    - name: p955
      port: 956
    - name: p956
      port: 957
    - name: p957
      port: 958
    - name: p958
      port: 959
    - name: p959
      port: 960
    - name: p960
      port: 961
    - name: p961
      port: 962
    - name: p962
      port: 963
    - name: p963
      port: 964
    - name: p964
      port: 965
    - name: p965
      port: 966
    - name: p966
      port: 967
    - name: p967
      port: 968
    - name: p968
      port: 969
    - name: p969
      port: 970
    - name: p970
      port: 971
    - name: p971
      port: 972
    - name: p972
      port: 973
    - name: p973
      port: 974
    - name: p974
      port: 975
    - name: p975
      port: 976
    - name: p976
      port: 977
    - name: p977
      port: 978
    - name: p978
      port: 979
    - name: p979
      port: 980
    - name: p980
      port: 981
    - name: p981
      port: 982
    - name: p982
      port: 983
    - name: p983
      port: 984
    - name: p984
      port: 985
    - name: p985
      port: 986
    - name: p986
      port: 987
    - name: p987
      port: 988
    - name: p988
      port: 989
    - name: p989
      port: 990
    - name: p990
      port: 991
    - name: p991
      port: 992
    - name: p992
      port: 993
    - name: p993
      port: 994
    - name: p994
      port: 995
    - name: p995
      port: 996
    - name: p996
      port: 997
    - name: p997
      port: 998
    - name: p998
      port: 999
    - name: p999
      port: 1000
    - name: p1000
      port: 1001
    - name: p1001
      port: 1002
    - name: p1002
      port: 1003
    - name: p1003
      port: 1004
    - name: p1004
      port: 1005
    - name: p1005
      port: 1006
    - name: p1006
      port: 1007
    - name: p1007
      port: 1008
    - name: p1008
      port: 1009
    - name: p1009
      port: 1010
    - name: p1010
      port: 1011
    - name: p1011
      port: 1012
    - name: p1012
      port: 1013
    - name: p1013
      port: 1014
    - name: p1014
      port: 1015
    - name: p1015
      port: 1016
    - name: p1016
      port: 1017
    - name: p1017
      port: 1018
    - name: p1018
      port: 1019
    - name: p1019
      port: 1020
    - name: p1020
      port: 1021
    - name: p1021
      port: 1022
    - name: p1022
      port: 1023
    - name: p1023
      port: 1024
    - name: p1024
      port: 1025
    - name: p1025
      port: 1026
    - name: p1026
      port: 1027
    - name: p1027
      port: 1028
    - name: p1028
      port: 1029
    - name: p1029
      port: 1030
    - name: p1030
      port: 1031
    - name: p1031
      port: 1032
    - name: p1032
      port: 1033
    - name: p1033
      port: 1034
    - name: p1034
      port: 1035
    - name: p1035
      port: 1036
    - name: p1036
      port: 1037
    - name: p1037
      port: 1038
    - name: p1038
      port: 1039
    - name: p1039
      port: 1040
    - name: p1040
      port: 1041
    - name: p1041
      port: 1042
    - name: p1042
      port: 1043
    - name: p1043
      port: 1044
    - name: p1044
      port: 1045
    - name: p1045
      port: 1046
    - name: p1046
      port: 1047
    - name: p1047
      port: 1048
    - name: p1048
      port: 1049
    - name: p1049
      port: 1050
    - name: p1050
      port: 1051
    - name: p1051
      port: 1052
    - name: p1052
      port: 1053
    - name: p1053
      port: 1054
    - name: p1054
      port: 1055
    - name: p1055
      port: 1056
    - name: p1056
      port: 1057
    - name: p1057
      port: 1058
    - name: p1058
      port: 1059
    - name: p1059
      port: 1060
    - name: p1060
      port: 1061
    - name: p1061
      port: 1062
    - name: p1062
      port: 1063
    - name: p1063
      port: 1064
    - name: p1064
      port: 1065
    - name: p1065
      port: 1066
    - name: p1066
      port: 1067
    - name: p1067
      port: 1068
    - name: p1068
      port: 1069
    - name: p1069
      port: 1070
    - name: p1070
      port: 1071
    - name: p1071
      port: 1072
    - name: p1072
      port: 1073
    - name: p1073
      port: 1074
    - name: p1074
      port: 1075
    - name: p1075
      port: 1076
    - name: p1076
      port: 1077
    - name: p1077
      port: 1078
    - name: p1078
      port: 1079
    - name: p1079
      port: 1080
    - name: p1080
      port: 1081
    - name: p1081
      port: 1082
    - name: p1082
      port: 1083
    - name: p1083
      port: 1084
    - name: p1084
      port: 1085
    - name: p1085
      port: 1086
    - name: p1086
      port: 1087
    - name: p1087
      port: 1088
    - name: p1088
      port: 1089
    - name: p1089
      port: 1090
    - name: p1090
      port: 1091
    - name: p1091
      port: 1092
    - name: p1092
      port: 1093
    - name: p1093
      port: 1094
    - name: p1094
      port: 1095
    - name: p1095
      port: 1096
    - name: p1096
      port: 1097
    - name: p1097
      port: 1098
    - name: p1098
      port: 1099
    - name: p1099
      port: 1100
    - name: p1100
      port: 1101
    - name: p1101
      port: 1102
    - name: p1102
      port: 1103
    - name: p1103
      port: 1104
    - name: p1104
      port: 1105
    - name: p1105
      port: 1106
    - name: p1106
      port: 1107
    - name: p1107
      port: 1108
    - name: p1108
      port: 1109
    - name: p1109
      port: 1110
    - name: p1110
      port: 1111
    - name: p1111
      port: 1112
    - name: p1112
      port: 1113
    - name: p1113
      port: 1114
    - name: p1114
      port: 1115
    - name: p1115
      port: 1116
    - name: p1116
      port: 1117
    - name: p1117
      port: 1118
    - name: p1118
      port: 1119
    - name: p1119
      port: 1120
    - name: p1120
      port: 1121
    - name: p1121
      port: 1122
    - name: p1122
      port: 1123
    - name: p1123
      port: 1124
    - name: p1124
      port: 1125
    - name: p1125
      port: 1126
    - name: p1126
      port: 1127
    - name: p1127
      port: 1128
    - name: p1128
      port: 1129
    - name: p1129
      port: 1130
    - name: p1130
      port: 1131
    - name: p1131
      port: 1132
    - name: p1132
      port: 1133
    - name: p1133
      port: 1134
    - name: p1134
      port: 1135
    - name: p1135
      port: 1136
    - name: p1136
      port: 1137
    - name: p1137
      port: 1138
    - name: p1138
      port: 1139
    - name: p1139
      port: 1140
    - name: p1140
      port: 1141
    - name: p1141
      port: 1142
    - name: p1142
      port: 1143
    - name: p1143
      port: 1144
    - name: p1144
      port: 1145
    - name: p1145
      port: 1146
    - name: p1146
      port: 1147
    - name: p1147
      port: 1148
    - name: p1148
      port: 1149
    - name: p1149
      port: 1150
    - name: p1150
      port: 1151
    - name: p1151
      port: 1152
    - name: p1152
      port: 1153
    - name: p1153
      port: 1154
    - name: p1154
      port: 1155
    - name: p1155
      port: 1156
    - name: p1156
      port: 1157
    - name: p1157
      port: 1158
    - name: p1158
      port: 1159
    - name: p1159
      port: 1160
    - name: p1160
      port: 1161
    - name: p1161
      port: 1162
    - name: p1162
      port: 1163
    - name: p1163
      port: 1164
    - name: p1164
      port: 1165
    - name: p1165
      port: 1166
    - name: p1166
      port: 1167
    - name: p1167
      port: 1168
    - name: p1168
      port: 1169
    - name: p1169
      port: 1170
    - name: p1170
      port: 1171
    - name: p1171
      port: 1172
    - name: p1172
      port: 1173
    - name: p1173
      port: 1174
    - name: p1174
      port: 1175
    - name: p1175
      port: 1176
    - name: p1176
      port: 1177
    - name: p1177
      port: 1178
    - name: p1178
      port: 1179
    - name: p1179
      port: 1180
    - name: p1180
      port: 1181
    - name: p1181
      port: 1182
    - name: p1182
      port: 1183
    - name: p1183
      port: 1184
    - name: p1184
      port: 1185
    - name: p1185
      port: 1186
    - name: p1186
      port: 1187
    - name: p1187
      port: 1188
    - name: p1188
      port: 1189
    - name: p1189
      port: 1190
    - name: p1190
      port: 1191
    - name: p1191
      port: 1192
    - name: p1192
      port: 1193
    - name: p1193
      port: 1194
    - name: p1194
      port: 1195
    - name: p1195
      port: 1196
    - name: p1196
      port: 1197
    - name: p1197
      port: 1198
    - name: p1198
      port: 1199
    - name: p1199
      port: 1200
    - name: p1200
      port: 1201
    - name: p1201
      port: 1202
    - name: p1202
      port: 1203
    - name: p1203
      port: 1204
    - name: p1204
      port: 1205
    - name: p1205
      port: 1206
    - name: p1206
      port: 1207
    - name: p1207
      port: 1208
    - name: p1208
      port: 1209
    - name: p1209
      port: 1210
    - name: p1210
      port: 1211
    - name: p1211
      port: 1212
    - name: p1212
      port: 1213
    - name: p1213
      port: 1214
    - name: p1214
      port: 1215
    - name: p1215
      port: 1216
    - name: p1216
      port: 1217
    - name: p1217
      port: 1218
    - name: p1218
      port: 1219
    - name: p1219
      port: 1220
    - name: p1220
      port: 1221
    - name: p1221
      port: 1222
    - name: p1222
      port: 1223
    - name: p1223
      port: 1224
    - name: p1224
      port: 1225
    - name: p1225
      port: 1226
    - name: p1226
      port: 1227
    - name: p1227
      port: 1228
    - name: p1228
      port: 1229
    - name: p1229
      port: 1230
    - name: p1230
      port: 1231
    - name: p1231
      port: 1232
    - name: p1232
      port: 1233
    - name: p1233
      port: 1234
    - name: p1234
      port: 1235
    - name: p1235
      port: 1236
    - name: p1236
      port: 1237
    - name: p1237
      port: 1238
    - name: p1238
      port: 1239
    - name: p1239
      port: 1240
    - name: p1240
      port: 1241
    - name: p1241
      port: 1242
    - name: p1242
      port: 1243
    - name: p1243
      port: 1244
    - name: p1244
      port: 1245
    - name: p1245
      port: 1246
    - name: p1246
      port: 1247
    - name: p1247
      port: 1248
    - name: p1248
      port: 1249
    - name: p1249
      port: 1250
    - name: p1250
      port: 1251
    - name: p1251
      port: 1252
    - name: p1252
      port: 1253
    - name: p1253
      port: 1254
    - name: p1254
      port: 1255
    - name: p1255
      port: 1256
    - name: p1256
      port: 1257
    - name: p1257
      port: 1258
    - name: p1258
      port: 1259
    - name: p1259
      port: 1260
    - name: p1260
      port: 1261
    - name: p1261
      port: 1262
    - name: p1262
      port: 1263
    - name: p1263
      port: 1264
    - name: p1264
      port: 1265
    - name: p1265
      port: 1266
    - name: p1266
      port: 1267
    - name: p1267
      port: 1268
    - name: p1268
      port: 1269
    - name: p1269
      port: 1270
    - name: p1270
      port: 1271
    - name: p1271
      port: 1272
    - name: p1272
      port: 1273
    - name: p1273
      port: 1274
    - name: p1274
      port: 1275
    - name: p1275
      port: 1276
    - name: p1276
      port: 1277
    - name: p1277
      port: 1278
    - name: p1278
      port: 1279
    - name: p1279
      port: 1280
    - name: p1280
      port: 1281
    - name: p1281
      port: 1282
    - name: p1282
      port: 1283
    - name: p1283
      port: 1284
    - name: p1284
      port: 1285
    - name: p1285
      port: 1286
    - name: p1286
      port: 1287
    - name: p1287
      port: 1288
    - name: p1288
      port: 1289
    - name: p1289
      port: 1290
    - name: p1290
      port: 1291
    - name: p1291
      port: 1292
    - name: p1292
      port: 1293
    - name: p1293
      port: 1294
    - name: p1294
      port: 1295
    - name: p1295
      port: 1296
    - name: p1296
      port: 1297
    - name: p1297
      port: 1298
    - name: p1298
      port: 1299
    - name: p1299
      port: 1300
    - name: p1300
      port: 1301
    - name: p1301
      port: 1302
    - name: p1302
      port: 1303
    - name: p1303
      port: 1304
    - name: p1304
      port: 1305
    - name: p1305
      port: 1306
    - name: p1306
      port: 1307
    - name: p1307
      port: 1308
    - name: p1308
      port: 1309
    - name: p1309
      port: 1310
    - name: p1310
      port: 1311
    - name: p1311
      port: 1312
    - name: p1312
      port: 1313
    - name: p1313
      port: 1314
    - name: p1314
      port: 1315
    - name: p1315
      port: 1316
    - name: p1316
      port: 1317
    - name: p1317
      port: 1318
    - name: p1318
      port: 1319
    - name: p1319
      port: 1320
    - name: p1320
      port: 1321
    - name: p1321
      port: 1322
    - name: p1322
      port: 1323
    - name: p1323
      port: 1324
    - name: p1324
      port: 1325
    - name: p1325
      port: 1326
    - name: p1326
      port: 1327
    - name: p1327
      port: 1328
    - name: p1328
      port: 1329
    - name: p1329
      port: 1330
    - name: p1330
      port: 1331
    - name: p1331
      port: 1332
    - name: p1332
      port: 1333
    - name: p1333
      port: 1334
    - name: p1334
      port: 1335
    - name: p1335
      port: 1336
    - name: p1336
      port: 1337
    - name: p1337
      port: 1338
    - name: p1338
      port: 1339
    - name: p1339
      port: 1340
    - name: p1340
      port: 1341
    - name: p1341
      port: 1342
    - name: p1342
      port: 1343
    - name: p1343
      port: 1344
    - name: p1344
      port: 1345
    - name: p1345
      port: 1346
    - name: p1346
      port: 1347
    - name: p1347
      port: 1348
    - name: p1348
      port: 1349
    - name: p1349
      port: 1350
    - name: p1350
      port: 1351
    - name: p1351
      port: 1352
    - name: p1352
      port: 1353
    - name: p1353
      port: 1354
    - name: p1354
      port: 1355
    - name: p1355
      port: 1356
    - name: p1356
      port: 1357
    - name: p1357
      port: 1358
    - name: p1358
      port: 1359
    - name: p1359
      port: 1360
    - name: p1360
      port: 1361
    - name: p1361
      port: 1362
    - name: p1362
      port: 1363
    - name: p1363
      port: 1364
    - name: p1364
      port: 1365
    - name: p1365
      port: 1366
    - name: p1366
      port: 1367
    - name: p1367
      port: 1368
    - name: p1368
      port: 1369
    - name: p1369
      port: 1370
    - name: p1370
      port: 1371
    - name: p1371
      port: 1372
    - name: p1372
      port: 1373
    - name: p1373
      port: 1374
    - name: p1374
      port: 1375
    - name: p1375
      port: 1376
    - name: p1376
      port: 1377
    - name: p1377
      port: 1378
    - name: p1378
      port: 1379
    - name: p1379
      port: 1380
    - name: p1380
      port: 1381
    - name: p1381
      port: 1382
    - name: p1382
      port: 1383
    - name: p1383
      port: 1384
    - name: p1384
      port: 1385
    - name: p1385
      port: 1386
    - name: p1386
      port: 1387
    - name: p1387
      port: 1388
    - name: p1388
      port: 1389
    - name: p1389
      port: 1390
    - name: p1390
      port: 1391
    - name: p1391
      port: 1392
    - name: p1392
      port: 1393
    - name: p1393
      port: 1394
    - name: p1394
      port: 1395
    - name: p1395
      port: 1396
    - name: p1396
      port: 1397
    - name: p1397
      port: 1398
    - name: p1398
      port: 1399
    - name: p1399
      port: 1400
    - name: p1400
      port: 1401
    - name: p1401
      port: 1402
    - name: p1402
      port: 1403
    - name: p1403
      port: 1404
    - name: p1404
      port: 1405
    - name: p1405
      port: 1406
    - name: p1406
      port: 1407
    - name: p1407
      port: 1408
    - name: p1408
      port: 1409
    - name: p1409
      port: 1410
    - name: p1410
      port: 1411
    - name: p1411
      port: 1412
    - name: p1412
      port: 1413
    - name: p1413
      port: 1414
    - name: p1414
      port: 1415
    - name: p1415
      port: 1416
    - name: p1416
      port: 1417
    - name: p1417
      port: 1418
    - name: p1418
      port: 1419
    - name: p1419
      port: 1420
    - name: p1420
      port: 1421
    - name: p1421
      port: 1422
    - name: p1422
      port: 1423
    - name: p1423
      port: 1424
    - name: p1424
      port: 1425
    - name: p1425
      port: 1426
    - name: p1426
      port: 1427
    - name: p1427
      port: 1428
    - name: p1428
      port: 1429
    - name: p1429
      port: 1430
    - name: p1430
      port: 1431
    - name: p1431
      port: 1432
    - name: p1432
      port: 1433
    - name: p1433
      port: 1434
    - name: p1434
      port: 1435
    - name: p1435
      port: 1436
    - name: p1436
      port: 1437
    - name: p1437
      port: 1438
    - name: p1438
      port: 1439
    - name: p1439
      port: 1440
    - name: p1440
      port: 1441
    - name: p1441
      port: 1442
    - name: p1442
      port: 1443
    - name: p1443
      port: 1444
    - name: p1444
      port: 1445
    - name: p1445
      port: 1446
    - name: p1446
      port: 1447
    - name: p1447
      port: 1448
    - name: p1448
      port: 1449
    - name: p1449
      port: 1450
    - name: p1450
      port: 1451
    - name: p1451
      port: 1452
    - name: p1452
      port: 1453
    - name: p1453
      port: 1454
    - name: p1454
      port: 1455
    - name: p1455
      port: 1456
    - name: p1456
      port: 1457
    - name: p1457
      port: 1458
    - name: p1458
      port: 1459
    - name: p1459
      port: 1460
    - name: p1460
      port: 1461
    - name: p1461
      port: 1462
    - name: p1462
      port: 1463
    - name: p1463
      port: 1464
    - name: p1464
      port: 1465
    - name: p1465
      port: 1466
    - name: p1466
      port: 1467
    - name: p1467
      port: 1468
    - name: p1468
      port: 1469
    - name: p1469
      port: 1470
    - name: p1470
      port: 1471
    - name: p1471
      port: 1472
    - name: p1472
      port: 1473
    - name: p1473
      port: 1474
    - name: p1474
      port: 1475
    - name: p1475
      port: 1476
    - name: p1476
      port: 1477
    - name: p1477
      port: 1478
    - name: p1478
      port: 1479
    - name: p1479
      port: 1480
    - name: p1480
      port: 1481
    - name: p1481
      port: 1482
    - name: p1482
      port: 1483
    - name: p1483
      port: 1484
    - name: p1484
      port: 1485
    - name: p1485
      port: 1486
    - name: p1486
      port: 1487
    - name: p1487
      port: 1488
    - name: p1488
      port: 1489
    - name: p1489
      port: 1490
    - name: p1490
      port: 1491
    - name: p1491
      port: 1492
    - name: p1492
      port: 1493
    - name: p1493
      port: 1494
    - name: p1494
      port: 1495
    - name: p1495
      port: 1496
    - name: p1496
      port: 1497
    - name: p1497
      port: 1498
    - name: p1498
      port: 1499
    - name: p1499
      port: 1500
    - name: p1500
      port: 1501
    - name: p1501
      port: 1502
    - name: p1502
      port: 1503
    - name: p1503
      port: 1504
    - name: p1504
      port: 1505
    - name: p1505
      port: 1506
    - name: p1506
      port: 1507
    - name: p1507
      port: 1508
    - name: p1508
      port: 1509
    - name: p1509
      port: 1510
    - name: p1510
      port: 1511
    - name: p1511
      port: 1512
    - name: p1512
      port: 1513
    - name: p1513
      port: 1514
    - name: p1514
      port: 1515
    - name: p1515
      port: 1516
    - name: p1516
      port: 1517
    - name: p1517
      port: 1518
    - name: p1518
      port: 1519
    - name: p1519
      port: 1520
    - name: p1520
      port: 1521
    - name: p1521
      port: 1522
    - name: p1522
      port: 1523
    - name: p1523
      port: 1524
    - name: p1524
      port: 1525
    - name: p1525
      port: 1526
    - name: p1526
      port: 1527
    - name: p1527
      port: 1528
    - name: p1528
      port: 1529
    - name: p1529
      port: 1530
    - name: p1530
      port: 1531
    - name: p1531
      port: 1532
    - name: p1532
      port: 1533
    - name: p1533
      port: 1534
    - name: p1534
      port: 1535
    - name: p1535
      port: 1536
    - name: p1536
      port: 1537
    - name: p1537
      port: 1538
    - name: p1538
      port: 1539
    - name: p1539
      port: 1540
    - name: p1540
      port: 1541
    - name: p1541
      port: 1542
    - name: p1542
      port: 1543
    - name: p1543
      port: 1544
    - name: p1544
      port: 1545
    - name: p1545
      port: 1546
    - name: p1546
      port: 1547
    - name: p1547
      port: 1548
    - name: p1548
      port: 1549
    - name: p1549
      port: 1550
    - name: p1550
      port: 1551
    - name: p1551
      port: 1552
    - name: p1552
      port: 1553
    - name: p1553
      port: 1554
    - name: p1554
      port: 1555
    - name: p1555
      port: 1556
    - name: p1556
      port: 1557
    - name: p1557
      port: 1558
    - name: p1558
      port: 1559
    - name: p1559
      port: 1560
    - name: p1560
      port: 1561
    - name: p1561
      port: 1562
    - name: p1562
      port: 1563
    - name: p1563
      port: 1564
    - name: p1564
      port: 1565
    - name: p1565
      port: 1566
    - name: p1566
      port: 1567
    - name: p1567
      port: 1568
    - name: p1568
      port: 1569
    - name: p1569
      port: 1570
    - name: p1570
      port: 1571
    - name: p1571
      port: 1572
    - name: p1572
      port: 1573
    - name: p1573
      port: 1574
    - name: p1574
      port: 1575
    - name: p1575
      port: 1576
    - name: p1576
      port: 1577
    - name: p1577
      port: 1578
    - name: p1578
      port: 1579
    - name: p1579
      port: 1580
    - name: p1580
      port: 1581
    - name: p1581
      port: 1582
    - name: p1582
      port: 1583
    - name: p1583
      port: 1584
    - name: p1584
      port: 1585
    - name: p1585
      port: 1586
    - name: p1586
      port: 1587
    - name: p1587
      port: 1588
    - name: p1588
      port: 1589
    - name: p1589
      port: 1590
    - name: p1590
      port: 1591
    - name: p1591
      port: 1592
    - name: p1592
      port: 1593
    - name: p1593
      port: 1594
    - name: p1594
      port: 1595
    - name: p1595
      port: 1596
    - name: p1596
      port: 1597
    - name: p1597
      port: 1598
    - name: p1598
      port: 1599
    - name: p1599
      port: 1600
    - name: p1600
      port: 1601
    - name: p1601
      port: 1602
    - name: p1602
      port: 1603
    - name: p1603
      port: 1604
    - name: p1604
      port: 1605
    - name: p1605
      port: 1606
    - name: p1606
      port: 1607
    - name: p1607
      port: 1608
    - name: p1608
      port: 1609
    - name: p1609
      port: 1610
    - name: p1610
      port: 1611
    - name: p1611
      port: 1612
    - name: p1612
      port: 1613
    - name: p1613
      port: 1614
    - name: p1614
      port: 1615
    - name: p1615
      port: 1616
    - name: p1616
      port: 1617
    - name: p1617
      port: 1618
    - name: p1618
      port: 1619
    - name: p1619
      port: 1620
    - name: p1620
      port: 1621
    - name: p1621
      port: 1622
    - name: p1622
      port: 1623
    - name: p1623
      port: 1624
    - name: p1624
      port: 1625
    - name: p1625
      port: 1626
    - name: p1626
      port: 1627
    - name: p1627
      port: 1628
    - name: p1628
      port: 1629
    - name: p1629
      port: 1630
    - name: p1630
      port: 1631
    - name: p1631
      port: 1632
    - name: p1632
      port: 1633
    - name: p1633
      port: 1634
    - name: p1634
      port: 1635
    - name: p1635
      port: 1636
    - name: p1636
      port: 1637
    - name: p1637
      port: 1638
    - name: p1638
      port: 1639
    - name: p1639
      port: 1640
    - name: p1640
      port: 1641
    - name: p1641
      port: 1642
    - name: p1642
      port: 1643
    - name: p1643
      port: 1644
    - name: p1644
      port: 1645
    - name: p1645
      port: 1646
    - name: p1646
      port: 1647
    - name: p1647
      port: 1648
    - name: p1648
      port: 1649
    - name: p1649
      port: 1650
    - name: p1650
      port: 1651
    - name: p1651
      port: 1652
    - name: p1652
      port: 1653
    - name: p1653
      port: 1654
    - name: p1654
      port: 1655
    - name: p1655
      port: 1656
    - name: p1656
      port: 1657
    - name: p1657
      port: 1658
    - name: p1658
      port: 1659
    - name: p1659
      port: 1660
    - name: p1660
      port: 1661
    - name: p1661
      port: 1662
    - name: p1662
      port: 1663
    - name: p1663
      port: 1664
    - name: p1664
      port: 1665
    - name: p1665
      port: 1666
    - name: p1666
      port: 1667
    - name: p1667
      port: 1668
    - name: p1668
      port: 1669
    - name: p1669
      port: 1670
    - name: p1670
      port: 1671
    - name: p1671
      port: 1672
    - name: p1672
      port: 1673
    - name: p1673
      port: 1674
    - name: p1674
      port: 1675
    - name: p1675
      port: 1676
    - name: p1676
      port: 1677
    - name: p1677
      port: 1678
    - name: p1678
      port: 1679
    - name: p1679
      port: 1680
    - name: p1680
      port: 1681
    - name: p1681
      port: 1682
    - name: p1682
      port: 1683
    - name: p1683
      port: 1684
    - name: p1684
      port: 1685
    - name: p1685
      port: 1686
    - name: p1686
      port: 1687
    - name: p1687
      port: 1688
    - name: p1688
      port: 1689
    - name: p1689
      port: 1690
    - name: p1690
      port: 1691
    - name: p1691
      port: 1692
    - name: p1692
      port: 1693
    - name: p1693
      port: 1694
    - name: p1694
      port: 1695
    - name: p1695
      port: 1696
    - name: p1696
      port: 1697
    - name: p1697
      port: 1698
    - name: p1698
      port: 1699
    - name: p1699
      port: 1700
    - name: p1700
      port: 1701
    - name: p1701
      port: 1702
    - name: p1702
      port: 1703
    - name: p1703
      port: 1704
    - name: p1704
      port: 1705
    - name: p1705
      port: 1706
    - name: p1706
      port: 1707
    - name: p1707
      port: 1708
    - name: p1708
      port: 1709
    - name: p1709
      port: 1710
    - name: p1710
      port: 1711
    - name: p1711
      port: 1712
    - name: p1712
      port: 1713
    - name: p1713
      port: 1714
    - name: p1714
      port: 1715
    - name: p1715
      port: 1716
    - name: p1716
      port: 1717
    - name: p1717
      port: 1718
    - name: p1718
      port: 1719
    - name: p1719
      port: 1720
    - name: p1720
      port: 1721
    - name: p1721
      port: 1722
    - name: p1722
      port: 1723
    - name: p1723
      port: 1724
    - name: p1724
      port: 1725
    - name: p1725
      port: 1726
    - name: p1726
      port: 1727
    - name: p1727
      port: 1728
    - name: p1728
      port: 1729
    - name: p1729
      port: 1730
    - name: p1730
      port: 1731
    - name: p1731
      port: 1732
    - name: p1732
      port: 1733
    - name: p1733
      port: 1734
    - name: p1734
      port: 1735
    - name: p1735
      port: 1736
    - name: p1736
      port: 1737
    - name: p1737
      port: 1738
    - name: p1738
      port: 1739
    - name: p1739
      port: 1740
    - name: p1740
      port: 1741
    - name: p1741
      port: 1742
    - name: p1742
      port: 1743
    - name: p1743
      port: 1744
    - name: p1744
      port: 1745
    - name: p1745
      port: 1746
    - name: p1746
      port: 1747
    - name: p1747
      port: 1748
    - name: p1748
      port: 1749
    - name: p1749
      port: 1750
    - name: p1750
      port: 1751
    - name: p1751
      port: 1752
    - name: p1752
      port: 1753
    - name: p1753
      port: 1754
    - name: p1754
      port: 1755
    - name: p1755
      port: 1756
    - name: p1756
      port: 1757
    - name: p1757
      port: 1758
    - name: p1758
      port: 1759
    - name: p1759
      port: 1760
    - name: p1760
      port: 1761
    - name: p1761
      port: 1762
    - name: p1762
      port: 1763
    - name: p1763
      port: 1764
    - name: p1764
      port: 1765
    - name: p1765
      port: 1766
    - name: p1766
      port: 1767
    - name: p1767
      port: 1768
    - name: p1768
      port: 1769
    - name: p1769
      port: 1770
    - name: p1770
      port: 1771
    - name: p1771
      port: 1772
    - name: p1772
      port: 1773
    - name: p1773
      port: 1774
    - name: p1774
      port: 1775
    - name: p1775
      port: 1776
    - name: p1776
      port: 1777
    - name: p1777
      port: 1778
    - name: p1778
      port: 1779
    - name: p1779
      port: 1780
    - name: p1780
      port: 1781
    - name: p1781
      port: 1782
    - name: p1782
      port: 1783
    - name: p1783
      port: 1784
    - name: p1784
      port: 1785
    - name: p1785
      port: 1786
    - name: p1786
      port: 1787
    - name: p1787
      port: 1788
    - name: p1788
      port: 1789
    - name: p1789
      port: 1790
    - name: p1790
      port: 1791
    - name: p1791
      port: 1792
    - name: p1792
      port: 1793
    - name: p1793
      port: 1794
    - name: p1794
      port: 1795
    - name: p1795
      port: 1796
    - name: p1796
      port: 1797
    - name: p1797
      port: 1798
    - name: p1798
      port: 1799
    - name: p1799
      port: 1800
    - name: p1800
      port: 1801
    - name: p1801
      port: 1802
    - name: p1802
      port: 1803
    - name: p1803
      port: 1804
    - name: p1804
      port: 1805
    - name: p1805
      port: 1806
    - name: p1806
      port: 1807
    - name: p1807
      port: 1808
    - name: p1808
      port: 1809
    - name: p1809
      port: 1810
    - name: p1810
      port: 1811
    - name: p1811
      port: 1812
    - name: p1812
      port: 1813
    - name: p1813
      port: 1814
    - name: p1814
      port: 1815
    - name: p1815
      port: 1816
    - name: p1816
      port: 1817
    - name: p1817
      port: 1818
    - name: p1818
      port: 1819
    - name: p1819
      port: 1820
    - name: p1820
      port: 1821
    - name: p1821
      port: 1822
    - name: p1822
      port: 1823
    - name: p1823
      port: 1824
    - name: p1824
      port: 1825
    - name: p1825
      port: 1826
    - name: p1826
      port: 1827
    - name: p1827
      port: 1828
    - name: p1828
      port: 1829
    - name: p1829
      port: 1830
    - name: p1830
      port: 1831
    - name: p1831
      port: 1832
    - name: p1832
      port: 1833
    - name: p1833
      port: 1834
    - name: p1834
      port: 1835
    - name: p1835
      port: 1836
    - name: p1836
      port: 1837
    - name: p1837
      port: 1838
    - name: p1838
      port: 1839
    - name: p1839
      port: 1840
    - name: p1840
      port: 1841
    - name: p1841
      port: 1842
    - name: p1842
      port: 1843
    - name: p1843
      port: 1844
    - name: p1844
      port: 1845
    - name: p1845
      port: 1846
    - name: p1846
      port: 1847
    - name: p1847
      port: 1848
    - name: p1848
      port: 1849
    - name: p1849
      port: 1850
    - name: p1850
      port: 1851
    - name: p1851
      port: 1852
    - name: p1852
      port: 1853
    - name: p1853
      port: 1854
    - name: p1854
      port: 1855
    - name: p1855
      port: 1856
    - name: p1856
      port: 1857
    - name: p1857
      port: 1858
    - name: p1858
      port: 1859
    - name: p1859
      port: 1860
    - name: p1860
      port: 1861
    - name: p1861
      port: 1862
    - name: p1862
      port: 1863
    - name: p1863
      port: 1864
    - name: p1864
      port: 1865
    - name: p1865
      port: 1866
    - name: p1866
      port: 1867
    - name: p1867
      port: 1868
    - name: p1868
      port: 1869
    - name: p1869
      port: 1870
    - name: p1870
      port: 1871
    - name: p1871
      port: 1872
    - name: p1872
      port: 1873
    - name: p1873
      port: 1874
    - name: p1874
      port: 1875
    - name: p1875
      port: 1876
    - name: p1876
      port: 1877
    - name: p1877
      port: 1878
    - name: p1878
      port: 1879
    - name: p1879
      port: 1880
    - name: p1880
      port: 1881
    - name: p1881
      port: 1882
    - name: p1882
      port: 1883
    - name: p1883
      port: 1884
    - name: p1884
      port: 1885
    - name: p1885
      port: 1886
    - name: p1886
      port: 1887
    - name: p1887
      port: 1888
    - name: p1888
      port: 1889
    - name: p1889
      port: 1890
    - name: p1890
      port: 1891
    - name: p1891
      port: 1892
    - name: p1892
      port: 1893
    - name: p1893
      port: 1894
    - name: p1894
      port: 1895
    - name: p1895
      port: 1896
    - name: p1896
      port: 1897
    - name: p1897
      port: 1898
    - name: p1898
      port: 1899
    - name: p1899
      port: 1900
    - name: p1900
      port: 1901
    - name: p1901
      port: 1902
    - name: p1902
      port: 1903
    - name: p1903
      port: 1904
    - name: p1904
      port: 1905
    - name: p1905
      port: 1906
    - name: p1906
      port: 1907
    - name: p1907
      port: 1908
    - name: p1908
      port: 1909
    - name: p1909
      port: 1910
    - name: p1910
      port: 1911
    - name: p1911
      port: 1912
    - name: p1912
      port: 1913
    - name: p1913
      port: 1914
    - name: p1914
      port: 1915
    - name: p1915
      port: 1916
    - name: p1916
      port: 1917
    - name: p1917
      port: 1918
    - name: p1918
      port: 1919
    - name: p1919
      port: 1920
    - name: p1920
      port: 1921
    - name: p1921
      port: 1922
    - name: p1922
      port: 1923
    - name: p1923
      port: 1924
    - name: p1924
      port: 1925
    - name: p1925
      port: 1926
    - name: p1926
      port: 1927
    - name: p1927
      port: 1928
    - name: p1928
      port: 1929
    - name: p1929
      port: 1930
    - name: p1930
      port: 1931
    - name: p1931
      port: 1932
    - name: p1932
      port: 1933
    - name: p1933
      port: 1934
    - name: p1934
      port: 1935
    - name: p1935
      port: 1936
    - name: p1936
      port: 1937
    - name: p1937
      port: 1938
    - name: p1938
      port: 1939
    - name: p1939
      port: 1940
    - name: p1940
      port: 1941
    - name: p1941
      port: 1942
    - name: p1942
      port: 1943
    - name: p1943
      port: 1944
    - name: p1944
      port: 1945
    - name: p1945
      port: 1946
    - name: p1946
      port: 1947
    - name: p1947
      port: 1948
    - name: p1948
      port: 1949
    - name: p1949
      port: 1950
    - name: p1950
      port: 1951
    - name: p1951
      port: 1952
    - name: p1952
      port: 1953
    - name: p1953
      port: 1954
    - name: p1954
      port: 1955
    - name: p1955
      port: 1956
    - name: p1956
      port: 1957
    - name: p1957
      port: 1958
    - name: p1958
      port: 1959
    - name: p1959
      port: 1960
    - name: p1960
      port: 1961
    - name: p1961
      port: 1962
    - name: p1962
      port: 1963
    - name: p1963
      port: 1964
    - name: p1964
      port: 1965
    - name: p1965
      port: 1966
    - name: p1966
      port: 1967
    - name: p1967
      port: 1968
    - name: p1968
      port: 1969
    - name: p1969
      port: 1970
    - name: p1970
      port: 1971
    - name: p1971
      port: 1972
    - name: p1972
      port: 1973
    - name: p1973
      port: 1974
    - name: p1974
      port: 1975
    - name: p1975
      port: 1976
    - name: p1976
      port: 1977
    - name: p1977
      port: 1978
    - name: p1978
      port: 1979
    - name: p1979
      port: 1980
    - name: p1980
      port: 1981
    - name: p1981
      port: 1982
    - name: p1982
      port: 1983
    - name: p1983
      port: 1984
    - name: p1984
      port: 1985
    - name: p1985
      port: 1986
    - name: p1986
      port: 1987
    - name: p1987
      port: 1988
    - name: p1988
      port: 1989
    - name: p1989
      port: 1990
    - name: p1990
      port: 1991
    - name: p1991
      port: 1992
    - name: p1992
      port: 1993
    - name: p1993
      port: 1994
    - name: p1994
      port: 1995
    - name: p1995
      port: 1996
    - name: p1996
      port: 1997
    - name: p1997
      port: 1998
    - name: p1998
      port: 1999
    - name: p1999
      port: 2000
    - name: p2000
      port: 2001
    - name: p2001
      port: 2002
    - name: p2002
      port: 2003
    - name: p2003
      port: 2004
    - name: p2004
      port: 2005
    - name: p2005
      port: 2006
    - name: p2006
      port: 2007
    - name: p2007
      port: 2008
    - name: p2008
      port: 2009
    - name: p2009
      port: 2010
    - name: p2010
      port: 2011
    - name: p2011
      port: 2012
    - name: p2012
      port: 2013
    - name: p2013
      port: 2014
    - name: p2014
      port: 2015
    - name: p2015
      port: 2016
    - name: p2016
      port: 2017
    - name: p2017
      port: 2018
    - name: p2018
      port: 2019
    - name: p2019
      port: 2020
    - name: p2020
      port: 2021
    - name: p2021
      port: 2022
    - name: p2022
      port: 2023
    - name: p2023
      port: 2024
    - name: p2024
      port: 2025
    - name: p2025
      port: 2026
    - name: p2026
      port: 2027
    - name: p2027
      port: 2028
    - name: p2028
      port: 2029
    - name: p2029
      port: 2030
    - name: p2030
      port: 2031
    - name: p2031
      port: 2032
    - name: p2032
      port: 2033
    - name: p2033
      port: 2034
    - name: p2034
      port: 2035
    - name: p2035
      port: 2036
    - name: p2036
      port: 2037
    - name: p2037
      port: 2038
    - name: p2038
      port: 2039
    - name: p2039
      port: 2040
    - name: p2040
      port: 2041
    - name: p2041
      port: 2042
    - name: p2042
      port: 2043
    - name: p2043
      port: 2044
    - name: p2044
      port: 2045
    - name: p2045
      port: 2046
    - name: p2046
      port: 2047
    - name: p2047
      port: 2048
    - name: p2048
      port: 2049
    - name: p2049
      port: 2050
    - name: p2050
      port: 2051
    - name: p2051
      port: 2052
    - name: p2052
      port: 2053
    - name: p2053
      port: 2054
    - name: p2054
      port: 2055
    - name: p2055
      port: 2056
    - name: p2056
      port: 2057
    - name: p2057
      port: 2058
    - name: p2058
      port: 2059
    - name: p2059
      port: 2060
    - name: p2060
      port: 2061
    - name: p2061
      port: 2062
    - name: p2062
      port: 2063
    - name: p2063
      port: 2064
    - name: p2064
      port: 2065
    - name: p2065
      port: 2066
    - name: p2066
      port: 2067
    - name: p2067
      port: 2068
    - name: p2068
      port: 2069
    - name: p2069
      port: 2070
    - name: p2070
      port: 2071
    - name: p2071
      port: 2072
    - name: p2072
      port: 2073
    - name: p2073
      port: 2074
    - name: p2074
      port: 2075
    - name: p2075
      port: 2076
    - name: p2076
      port: 2077
    - name: p2077
      port: 2078
    - name: p2078
      port: 2079
    - name: p2079
      port: 2080
    - name: p2080
      port: 2081
    - name: p2081
      port: 2082
    - name: p2082
      port: 2083
    - name: p2083
      port: 2084
    - name: p2084
      port: 2085
    - name: p2085
      port: 2086
    - name: p2086
      port: 2087
    - name: p2087
      port: 2088
    - name: p2088
      port: 2089
    - name: p2089
      port: 2090
    - name: p2090
      port: 2091
    - name: p2091
      port: 2092
    - name: p2092
      port: 2093
    - name: p2093
      port: 2094
    - name: p2094
      port: 2095
    - name: p2095
      port: 2096
    - name: p2096
      port: 2097
    - name: p2097
      port: 2098
    - name: p2098
      port: 2099
    - name: p2099
      port: 2100
    - name: p2100
      port: 2101
    - name: p2101
      port: 2102
    - name: p2102
      port: 2103
    - name: p2103
      port: 2104
    - name: p2104
      port: 2105
    - name: p2105
      port: 2106
    - name: p2106
      port: 2107
    - name: p2107
      port: 2108
    - name: p2108
      port: 2109
    - name: p2109
      port: 2110
    - name: p2110
      port: 2111
    - name: p2111
      port: 2112
    - name: p2112
      port: 2113
    - name: p2113
      port: 2114
    - name: p2114
      port: 2115
    - name: p2115
      port: 2116
    - name: p2116
      port: 2117
    - name: p2117
      port: 2118
    - name: p2118
      port: 2119
    - name: p2119
      port: 2120
    - name: p2120
      port: 2121
    - name: p2121
      port: 2122
    - name: p2122
      port: 2123
    - name: p2123
      port: 2124
    - name: p2124
      port: 2125
    - name: p2125
      port: 2126
    - name: p2126
      port: 2127
    - name: p2127
      port: 2128
    - name: p2128
      port: 2129
    - name: p2129
      port: 2130
    - name: p2130
      port: 2131
    - name: p2131
      port: 2132
    - name: p2132
      port: 2133
    - name: p2133
      port: 2134
    - name: p2134
      port: 2135
    - name: p2135
      port: 2136
    - name: p2136
      port: 2137
    - name: p2137
      port: 2138
    - name: p2138
      port: 2139
    - name: p2139
      port: 2140
    - name: p2140
      port: 2141
    - name: p2141
      port: 2142
    - name: p2142
      port: 2143
    - name: p2143
      port: 2144
    - name: p2144
      port: 2145
    - name: p2145
      port: 2146
    - name: p2146
      port: 2147
    - name: p2147
      port: 2148
    - name: p2148
      port: 2149
    - name: p2149
      port: 2150
    - name: p2150
      port: 2151
    - name: p2151
      port: 2152
    - name: p2152
      port: 2153
    - name: p2153
      port: 2154
    - name: p2154
      port: 2155
    - name: p2155
      port: 2156
    - name: p2156
      port: 2157
    - name: p2157
      port: 2158
    - name: p2158
      port: 2159
    - name: p2159
      port: 2160
    - name: p2160
      port: 2161
    - name: p2161
      port: 2162
    - name: p2162
      port: 2163
    - name: p2163
      port: 2164
    - name: p2164
      port: 2165
    - name: p2165
      port: 2166
    - name: p2166
      port: 2167
    - name: p2167
      port: 2168
    - name: p2168
      port: 2169
    - name: p2169
      port: 2170
    - name: p2170
      port: 2171
    - name: p2171
      port: 2172
    - name: p2172
      port: 2173
    - name: p2173
      port: 2174
    - name: p2174
      port: 2175
    - name: p2175
      port: 2176
    - name: p2176
      port: 2177
    - name: p2177
      port: 2178
    - name: p2178
      port: 2179
    - name: p2179
      port: 2180
    - name: p2180
      port: 2181
    - name: p2181
      port: 2182
    - name: p2182
      port: 2183
    - name: p2183
      port: 2184
    - name: p2184
      port: 2185
    - name: p2185
      port: 2186
    - name: p2186
      port: 2187
    - name: p2187
      port: 2188
    - name: p2188
      port: 2189
    - name: p2189
      port: 2190
    - name: p2190
      port: 2191
    - name: p2191
      port: 2192
    - name: p2192
      port: 2193
    - name: p2193
      port: 2194
    - name: p2194
      port: 2195
    - name: p2195
      port: 2196
    - name: p2196
      port: 2197
    - name: p2197
      port: 2198
    - name: p2198
      port: 2199
    - name: p2199
      port: 2200
    - name: p2200
      port: 2201
    - name: p2201
      port: 2202
    - name: p2202
      port: 2203
    - name: p2203
      port: 2204
    - name: p2204
      port: 2205
    - name: p2205
      port: 2206
    - name: p2206
      port: 2207
    - name: p2207
      port: 2208
    - name: p2208
      port: 2209
    - name: p2209
      port: 2210
    - name: p2210
      port: 2211
    - name: p2211
      port: 2212
    - name: p2212
      port: 2213
    - name: p2213
      port: 2214
    - name: p2214
      port: 2215
    - name: p2215
      port: 2216
    - name: p2216
      port: 2217
    - name: p2217
      port: 2218
    - name: p2218
      port: 2219
    - name: p2219
      port: 2220
    - name: p2220
      port: 2221
    - name: p2221
      port: 2222
    - name: p2222
      port: 2223
    - name: p2223
      port: 2224
    - name: p2224
      port: 2225
    - name: p2225
      port: 2226
    - name: p2226
      port: 2227
    - name: p2227
      port: 2228
    - name: p2228
      port: 2229
    - name: p2229
      port: 2230
    - name: p2230
      port: 2231
    - name: p2231
      port: 2232
    - name: p2232
      port: 2233
    - name: p2233
      port: 2234
    - name: p2234
      port: 2235
    - name: p2235
      port: 2236
    - name: p2236
      port: 2237
    - name: p2237
      port: 2238
    - name: p2238
      port: 2239
    - name: p2239
      port: 2240
    - name: p2240
      port: 2241
    - name: p2241
      port: 2242
    - name: p2242
      port: 2243
    - name: p2243
      port: 2244
    - name: p2244
      port: 2245
    - name: p2245
      port: 2246
    - name: p2246
      port: 2247
    - name: p2247
      port: 2248
    - name: p2248
      port: 2249
    - name: p2249
      port: 2250
    - name: p2250
      port: 2251
    - name: p2251
      port: 2252
    - name: p2252
      port: 2253
    - name: p2253
      port: 2254
    - name: p2254
      port: 2255
    - name: p2255
      port: 2256
    - name: p2256
      port: 2257
    - name: p2257
      port: 2258
    - name: p2258
      port: 2259
    - name: p2259
      port: 2260
    - name: p2260
      port: 2261
    - name: p2261
      port: 2262
    - name: p2262
      port: 2263
    - name: p2263
      port: 2264
    - name: p2264
      port: 2265
    - name: p2265
      port: 2266
    - name: p2266
      port: 2267
    - name: p2267
      port: 2268
    - name: p2268
      port: 2269
    - name: p2269
      port: 2270
    - name: p2270
      port: 2271
    - name: p2271
      port: 2272
    - name: p2272
      port: 2273
    - name: p2273
      port: 2274
    - name: p2274
      port: 2275
    - name: p2275
      port: 2276
    - name: p2276
      port: 2277
    - name: p2277
      port: 2278
    - name: p2278
      port: 2279
    - name: p2279
      port: 2280
    - name: p2280
      port: 2281
    - name: p2281
      port: 2282
    - name: p2282
      port: 2283
    - name: p2283
      port: 2284
    - name: p2284
      port: 2285
    - name: p2285
      port: 2286
    - name: p2286
      port: 2287
    - name: p2287
      port: 2288
    - name: p2288
      port: 2289
    - name: p2289
      port: 2290
    - name: p2290
      port: 2291
    - name: p2291
      port: 2292
    - name: p2292
      port: 2293
    - name: p2293
      port: 2294
    - name: p2294
      port: 2295
    - name: p2295
      port: 2296
    - name: p2296
      port: 2297
    - name: p2297
      port: 2298
    - name: p2298
      port: 2299
    - name: p2299
      port: 2300
    - name: p2300
      port: 2301
    - name: p2301
      port: 2302
    - name: p2302
      port: 2303
    - name: p2303
      port: 2304
    - name: p2304
      port: 2305
    - name: p2305
      port: 2306
    - name: p2306
      port: 2307
    - name: p2307
      port: 2308
    - name: p2308
      port: 2309
    - name: p2309
      port: 2310
    - name: p2310
      port: 2311
    - name: p2311
      port: 2312
    - name: p2312
      port: 2313
    - name: p2313
      port: 2314
    - name: p2314
      port: 2315
    - name: p2315
      port: 2316
    - name: p2316
      port: 2317
    - name: p2317
      port: 2318
    - name: p2318
      port: 2319
    - name: p2319
      port: 2320
    - name: p2320
      port: 2321
    - name: p2321
      port: 2322
    - name: p2322
      port: 2323
    - name: p2323
      port: 2324
    - name: p2324
      port: 2325
    - name: p2325
      port: 2326
    - name: p2326
      port: 2327
    - name: p2327
      port: 2328
    - name: p2328
      port: 2329
    - name: p2329
      port: 2330
    - name: p2330
      port: 2331
    - name: p2331
      port: 2332
    - name: p2332
      port: 2333
    - name: p2333
      port: 2334
    - name: p2334
      port: 2335
    - name: p2335
      port: 2336
    - name: p2336
      port: 2337
    - name: p2337
      port: 2338
    - name: p2338
      port: 2339
    - name: p2339
      port: 2340
    - name: p2340
      port: 2341
    - name: p2341
      port: 2342
    - name: p2342
      port: 2343
    - name: p2343
      port: 2344
    - name: p2344
      port: 2345
    - name: p2345
      port: 2346
    - name: p2346
      port: 2347
    - name: p2347
      port: 2348
    - name: p2348
      port: 2349
    - name: p2349
      port: 2350
    - name: p2350
      port: 2351
    - name: p2351
      port: 2352
    - name: p2352
      port: 2353
    - name: p2353
      port: 2354
    - name: p2354
      port: 2355
    - name: p2355
      port: 2356
    - name: p2356
      port: 2357
    - name: p2357
      port: 2358
    - name: p2358
      port: 2359
    - name: p2359
      port: 2360
    - name: p2360
      port: 2361
    - name: p2361
      port: 2362
    - name: p2362
      port: 2363
    - name: p2363
      port: 2364
    - name: p2364
      port: 2365
    - name: p2365
      port: 2366
    - name: p2366
      port: 2367
    - name: p2367
      port: 2368
    - name: p2368
      port: 2369
    - name: p2369
      port: 2370
    - name: p2370
      port: 2371
    - name: p2371
      port: 2372
    - name: p2372
      port: 2373
    - name: p2373
      port: 2374
    - name: p2374
      port: 2375
    - name: p2375
      port: 2376
    - name: p2376
      port: 2377
    - name: p2377
      port: 2378
    - name: p2378
      port: 2379
    - name: p2379
      port: 2380
    - name: p2380
      port: 2381
    - name: p2381
      port: 2382
    - name: p2382
      port: 2383
    - name: p2383
      port: 2384
    - name: p2384
      port: 2385
    - name: p2385
      port: 2386
    - name: p2386
      port: 2387
    - name: p2387
      port: 2388
    - name: p2388
      port: 2389
    - name: p2389
      port: 2390
    - name: p2390
      port: 2391
    - name: p2391
      port: 2392
    - name: p2392
      port: 2393
    - name: p2393
      port: 2394
    - name: p2394
      port: 2395
    - name: p2395
      port: 2396
    - name: p2396
      port: 2397
    - name: p2397
      port: 2398
    - name: p2398
      port: 2399
    - name: p2399
      port: 2400
    - name: p2400
      port: 2401
    - name: p2401
      port: 2402
    - name: p2402
      port: 2403
    - name: p2403
      port: 2404
    - name: p2404
      port: 2405
    - name: p2405
      port: 2406
    - name: p2406
      port: 2407
    - name: p2407
      port: 2408
    - name: p2408
      port: 2409
    - name: p2409
      port: 2410
    - name: p2410
      port: 2411
    - name: p2411
      port: 2412
    - name: p2412
      port: 2413
    - name: p2413
      port: 2414
    - name: p2414
      port: 2415
    - name: p2415
      port: 2416
    - name: p2416
      port: 2417
    - name: p2417
      port: 2418
    - name: p2418
      port: 2419
    - name: p2419
      port: 2420
    - name: p2420
      port: 2421
    - name: p2421
      port: 2422
    - name: p2422
      port: 2423
    - name: p2423
      port: 2424
    - name: p2424
      port: 2425
    - name: p2425
      port: 2426
    - name: p2426
      port: 2427
    - name: p2427
      port: 2428
    - name: p2428
      port: 2429
    - name: p2429
      port: 2430
    - name: p2430
      port: 2431
    - name: p2431
      port: 2432
    - name: p2432
      port: 2433
    - name: p2433
      port: 2434
    - name: p2434
      port: 2435
    - name: p2435
      port: 2436
    - name: p2436
      port: 2437
    - name: p2437
      port: 2438
    - name: p2438
      port: 2439
    - name: p2439
      port: 2440
    - name: p2440
      port: 2441
    - name: p2441
      port: 2442
    - name: p2442
      port: 2443
    - name: p2443
      port: 2444
    - name: p2444
      port: 2445
    - name: p2445
      port: 2446
    - name: p2446
      port: 2447
    - name: p2447
      port: 2448
    - name: p2448
      port: 2449
    - name: p2449
      port: 2450
    - name: p2450
      port: 2451
    - name: p2451
      port: 2452
    - name: p2452
      port: 2453
    - name: p2453
      port: 2454
    - name: p2454
      port: 2455
    - name: p2455
      port: 2456
    - name: p2456
      port: 2457
    - name: p2457
      port: 2458
    - name: p2458
      port: 2459
    - name: p2459
      port: 2460
    - name: p2460
      port: 2461
    - name: p2461
      port: 2462
    - name: p2462
      port: 2463
    - name: p2463
      port: 2464
    - name: p2464
      port: 2465
    - name: p2465
      port: 2466
    - name: p2466
      port: 2467
    - name: p2467
      port: 2468
    - name: p2468
      port: 2469
    - name: p2469
      port: 2470
    - name: p2470
      port: 2471
    - name: p2471
      port: 2472
    - name: p2472
      port: 2473
    - name: p2473
      port: 2474
    - name: p2474
      port: 2475
    - name: p2475
      port: 2476
    - name: p2476
      port: 2477
    - name: p2477
      port: 2478
    - name: p2478
      port: 2479
    - name: p2479
      port: 2480
    - name: p2480
      port: 2481
    - name: p2481
      port: 2482
    - name: p2482
      port: 2483
    - name: p2483
      port: 2484
    - name: p2484
      port: 2485
    - name: p2485
      port: 2486
    - name: p2486
      port: 2487
    - name: p2487
      port: 2488
    - name: p2488
      port: 2489
    - name: p2489
      port: 2490
    - name: p2490
      port: 2491
    - name: p2491
      port: 2492
    - name: p2492
      port: 2493
    - name: p2493
      port: 2494
    - name: p2494
      port: 2495
    - name: p2495
      port: 2496
    - name: p2496
      port: 2497
    - name: p2497
      port: 2498
    - name: p2498
      port: 2499
    - name: p2499
      port: 2500
    - name: p2500
      port: 2501
    - name: p2501
      port: 2502
    - name: p2502
      port: 2503
    - name: p2503
      port: 2504
    - name: p2504
      port: 2505
    - name: p2505
      port: 2506
    - name: p2506
      port: 2507
    - name: p2507
      port: 2508
    - name: p2508
      port: 2509
    - name: p2509
      port: 2510
    - name: p2510
      port: 2511
    - name: p2511
      port: 2512
    - name: p2512
      port: 2513
    - name: p2513
      port: 2514
    - name: p2514
      port: 2515
    - name: p2515
      port: 2516
    - name: p2516
      port: 2517
    - name: p2517
      port: 2518
    - name: p2518
      port: 2519
    - name: p2519
      port: 2520
    - name: p2520
      port: 2521
    - name: p2521
      port: 2522
    - name: p2522
      port: 2523
    - name: p2523
      port: 2524
    - name: p2524
      port: 2525
    - name: p2525
      port: 2526
    - name: p2526
      port: 2527
    - name: p2527
      port: 2528
    - name: p2528
      port: 2529
    - name: p2529
      port: 2530
    - name: p2530
      port: 2531
    - name: p2531
      port: 2532
    - name: p2532
      port: 2533
    - name: p2533
      port: 2534
    - name: p2534
      port: 2535
    - name: p2535
      port: 2536
    - name: p2536
      port: 2537
    - name: p2537
      port: 2538
    - name: p2538
      port: 2539
    - name: p2539
      port: 2540
    - name: p2540
      port: 2541
    - name: p2541
      port: 2542
    - name: p2542
      port: 2543
    - name: p2543
      port: 2544
    - name: p2544
      port: 2545
    - name: p2545
      port: 2546
    - name: p2546
      port: 2547
    - name: p2547
      port: 2548
    - name: p2548
      port: 2549
    - name: p2549
      port: 2550
    - name: p2550
      port: 2551
    - name: p2551
      port: 2552
    - name: p2552
      port: 2553
    - name: p2553
      port: 2554
    - name: p2554
      port: 2555
    - name: p2555
      port: 2556
    - name: p2556
      port: 2557
    - name: p2557
      port: 2558
    - name: p2558
      port: 2559
    - name: p2559
      port: 2560
    - name: p2560
      port: 2561
    - name: p2561
      port: 2562
    - name: p2562
      port: 2563
    - name: p2563
      port: 2564
    - name: p2564
      port: 2565
    - name: p2565
      port: 2566
    - name: p2566
      port: 2567
    - name: p2567
      port: 2568
    - name: p2568
      port: 2569
    - name: p2569
      port: 2570
    - name: p2570
      port: 2571
    - name: p2571
      port: 2572
    - name: p2572
      port: 2573
    - name: p2573
      port: 2574
    - name: p2574
      port: 2575
    - name: p2575
      port: 2576
    - name: p2576
      port: 2577
    - name: p2577
      port: 2578
    - name: p2578
      port: 2579
    - name: p2579
      port: 2580
    - name: p2580
      port: 2581
    - name: p2581
      port: 2582
    - name: p2582
      port: 2583
    - name: p2583
      port: 2584
    - name: p2584
      port: 2585
    - name: p2585
      port: 2586
    - name: p2586
      port: 2587
    - name: p2587
      port: 2588
    - name: p2588
      port: 2589
    - name: p2589
      port: 2590
    - name: p2590
      port: 2591
    - name: p2591
      port: 2592
    - name: p2592
      port: 2593
    - name: p2593
      port: 2594
    - name: p2594
      port: 2595
    - name: p2595
      port: 2596
    - name: p2596
      port: 2597
    - name: p2597
      port: 2598
    - name: p2598
      port: 2599
    - name: p2599
      port: 2600
    - name: p2600
      port: 2601
    - name: p2601
      port: 2602
    - name: p2602
      port: 2603
    - name: p2603
      port: 2604
    - name: p2604
      port: 2605
    - name: p2605
      port: 2606
    - name: p2606
      port: 2607
    - name: p2607
      port: 2608
    - name: p2608
      port: 2609
    - name: p2609
      port: 2610
    - name: p2610
      port: 2611
    - name: p2611
      port: 2612
    - name: p2612
      port: 2613
    - name: p2613
      port: 2614
    - name: p2614
      port: 2615
    - name: p2615
      port: 2616
    - name: p2616
      port: 2617
    - name: p2617
      port: 2618
    - name: p2618
      port: 2619
    - name: p2619
      port: 2620
    - name: p2620
      port: 2621
    - name: p2621
      port: 2622
    - name: p2622
      port: 2623
    - name: p2623
      port: 2624
    - name: p2624
      port: 2625
    - name: p2625
      port: 2626
    - name: p2626
      port: 2627
    - name: p2627
      port: 2628
    - name: p2628
      port: 2629
    - name: p2629
      port: 2630
    - name: p2630
      port: 2631
    - name: p2631
      port: 2632
    - name: p2632
      port: 2633
    - name: p2633
      port: 2634
    - name: p2634
      port: 2635
    - name: p2635
      port: 2636
    - name: p2636
      port: 2637
    - name: p2637
      port: 2638
    - name: p2638
      port: 2639
    - name: p2639
      port: 2640
    - name: p2640
      port: 2641
    - name: p2641
      port: 2642
    - name: p2642
      port: 2643
    - name: p2643
      port: 2644
    - name: p2644
      port: 2645
    - name: p2645
      port: 2646
    - name: p2646
      port: 2647
    - name: p2647
      port: 2648
    - name: p2648
      port: 2649
    - name: p2649
      port: 2650
    - name: p2650
      port: 2651
    - name: p2651
      port: 2652
    - name: p2652
      port: 2653
    - name: p2653
      port: 2654
    - name: p2654
      port: 2655
    - name: p2655
      port: 2656
    - name: p2656
      port: 2657
    - name: p2657
      port: 2658
    - name: p2658
      port: 2659
    - name: p2659
      port: 2660
    - name: p2660
      port: 2661
    - name: p2661
      port: 2662
    - name: p2662
      port: 2663
    - name: p2663
      port: 2664
    - name: p2664
      port: 2665
    - name: p2665
      port: 2666
    - name: p2666
      port: 2667
    - name: p2667
      port: 2668
    - name: p2668
      port: 2669
    - name: p2669
      port: 2670
    - name: p2670
      port: 2671
    - name: p2671
      port: 2672
    - name: p2672
      port: 2673
    - name: p2673
      port: 2674
    - name: p2674
      port: 2675
    - name: p2675
      port: 2676
    - name: p2676
      port: 2677
    - name: p2677
      port: 2678
    - name: p2678
      port: 2679
    - name: p2679
      port: 2680
    - name: p2680
      port: 2681
    - name: p2681
      port: 2682
    - name: p2682
      port: 2683
    - name: p2683
      port: 2684
    - name: p2684
      port: 2685
    - name: p2685
      port: 2686
    - name: p2686
      port: 2687
    - name: p2687
      port: 2688
    - name: p2688
      port: 2689
    - name: p2689
      port: 2690
    - name: p2690
      port: 2691
    - name: p2691
      port: 2692
    - name: p2692
      port: 2693
    - name: p2693
      port: 2694
    - name: p2694
      port: 2695
    - name: p2695
      port: 2696
    - name: p2696
      port: 2697
    - name: p2697
      port: 2698
    - name: p2698
      port: 2699
    - name: p2699
      port: 2700
    - name: p2700
      port: 2701
    - name: p2701
      port: 2702
    - name: p2702
      port: 2703
    - name: p2703
      port: 2704
    - name: p2704
      port: 2705
    - name: p2705
      port: 2706
    - name: p2706
      port: 2707
    - name: p2707
      port: 2708
    - name: p2708
      port: 2709
    - name: p2709
      port: 2710
    - name: p2710
      port: 2711
    - name: p2711
      port: 2712
    - name: p2712
      port: 2713
    - name: p2713
      port: 2714
    - name: p2714
      port: 2715
    - name: p2715
      port: 2716
    - name: p2716
      port: 2717
    - name: p2717
      port: 2718
    - name: p2718
      port: 2719
    - name: p2719
      port: 2720
    - name: p2720
      port: 2721
    - name: p2721
      port: 2722
    - name: p2722
      port: 2723
    - name: p2723
      port: 2724
    - name: p2724
      port: 2725
    - name: p2725
      port: 2726
    - name: p2726
      port: 2727
    - name: p2727
      port: 2728
    - name: p2728
      port: 2729
    - name: p2729
      port: 2730
    - name: p2730
      port: 2731
    - name: p2731
      port: 2732
    - name: p2732
      port: 2733
    - name: p2733
      port: 2734
    - name: p2734
      port: 2735
    - name: p2735
      port: 2736
    - name: p2736
      port: 2737
    - name: p2737
      port: 2738
    - name: p2738
      port: 2739
    - name: p2739
      port: 2740
    - name: p2740
      port: 2741
    - name: p2741
      port: 2742
    - name: p2742
      port: 2743
    - name: p2743
      port: 2744
    - name: p2744
      port: 2745
    - name: p2745
      port: 2746
    - name: p2746
      port: 2747
    - name: p2747
      port: 2748
    - name: p2748
      port: 2749
    - name: p2749
      port: 2750
    - name: p2750
      port: 2751
    - name: p2751
      port: 2752
    - name: p2752
      port: 2753
    - name: p2753
      port: 2754
    - name: p2754
      port: 2755
    - name: p2755
      port: 2756
    - name: p2756
      port: 2757
    - name: p2757
      port: 2758
    - name: p2758
      port: 2759
    - name: p2759
      port: 2760
    - name: p2760
      port: 2761
    - name: p2761
      port: 2762
    - name: p2762
      port: 2763
    - name: p2763
      port: 2764
    - name: p2764
      port: 2765
    - name: p2765
      port: 2766
    - name: p2766
      port: 2767
    - name: p2767
      port: 2768
    - name: p2768
      port: 2769
EOF
kubectl get services
